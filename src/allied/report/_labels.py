"""Names the brief gives to the catalog's kinds of arrangement."""

from __future__ import annotations

from allied.catalog import Kind

#: Each collaboration model as the brief's headings name it.
KIND_LABELS = {
    Kind.MULTILATERAL_ALLIANCE: "Multilateral alliances",
    Kind.BILATERAL_TREATY: "Bilateral treaties",
    Kind.PARTNERSHIP_FRAMEWORK: "Partnership frameworks",
    Kind.JOINT_PROGRAM: "Joint armament programs",
    Kind.MISSION: "Missions",
    Kind.INFORMATION_SHARING: "Information-sharing agreements",
    Kind.ORGANIZATION: "Organizations",
}
