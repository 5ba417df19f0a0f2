"""Names the brief gives to the catalog's kinds of arrangement."""

from __future__ import annotations

from allied.catalog import Kind, Role

#: Each kind of arrangement as the brief's headings name it (the brief shows the
#: collaborations; the legal kinds are named for the tables that read them).
KIND_LABELS = {
    Kind.MULTILATERAL_ALLIANCE: "Multilateral alliances",
    Kind.BILATERAL_TREATY: "Bilateral treaties",
    Kind.PARTNERSHIP_FRAMEWORK: "Partnership frameworks",
    Kind.JOINT_PROGRAM: "Joint armament programs",
    Kind.MISSION: "Missions",
    Kind.INFORMATION_SHARING: "Information-sharing agreements",
    Kind.ORGANIZATION: "Organizations",
    Kind.EXPORT_CONTROL_REGIME: "Export-control regimes",
    Kind.ARMS_EMBARGO: "Arms embargoes",
}


def role_label(role: Role) -> str:
    """A membership role in words: ``fms_customer`` is "FMS customer"."""
    words = role.value.replace("_", " ")
    return "FMS" + words[3:] if words.startswith("fms ") else words
