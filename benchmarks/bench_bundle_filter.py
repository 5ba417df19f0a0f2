"""Speed of STIX bundle filtering (``allied.sharing.stix.filter_objects``) on 10,000 objects.

The TAXII server filters on every read, so the whole filter (object markings,
granular redaction, reference closure, marking definitions) must take well
under a second for a 10,000-object collection. Figures, for three recipients
with different rights (USA TS, GBR S, FRA U; originator USA):

1. wall time per call (median, min, max of ``--runs`` calls in this process)
   and objects per second;
2. how many objects were released, withheld and redacted, and how many
   decisions were computed (memoised per distinct marking set);
3. the baseline: a shallow copy of every object, the least any filter does.

The objects are generated with a fixed seed: 40% indicators, 15% malware, 25%
relationships, 10% sightings, 10% reports, marked with TLP 1.0/2.0 and ISA ACS
3.0 definitions; a quarter carry granular markings on ``description`` and a
label, one object in twenty has a second version. No data files are needed.
Run: ``.venv/bin/python benchmarks/bench_bundle_filter.py [--objects N] [--runs N]``
"""

from __future__ import annotations

import argparse
import random
import uuid
from datetime import date
from typing import Any

from _bench import spread, timed

import allied.sharing.stix._filter as filtering
from allied.sharing.policy import Recipient

ACS = "extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce"
REL = "marking-definition--7a1c2e0b-9d3f-4c55-8e21-3b6f0d4a5c71"
NOFORN = "marking-definition--c4e8b2d6-1f0a-4b39-9a7e-5d2c6f8e0b13"
TLP = [
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",  # 2.0 CLEAR
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",  # 2.0 GREEN
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",  # 2.0 AMBER
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",  # 2.0 AMBER+STRICT
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",  # 2.0 RED
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",  # 1.0 GREEN
]
T0, T1 = "2024-03-01T09:00:00.000Z", "2024-04-01T09:00:00.000Z"
ON = date(2024, 6, 1)


def _acs(ref: str, control: dict[str, Any], privileges: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": ref,
        "created": "2024-02-27T14:00:00.000Z",
        "extensions": {
            ACS: {
                "extension_type": "property-extension",
                "identifier": "isa:guide.19001.ACS3-bench",
                "create_date_time": "2024-02-27T14:00:00.000Z",
                "responsible_entity_custodian": "USA.DHS.CISA",
                "authority_reference": ["urn:isa:authority:misa"],
                "policy_reference": "urn:isa:policy:acs:ns:v3.0?privdefault=deny&sharedefault=deny",
                "control_set": control,
                "access_privilege": privileges,
            }
        },
    }


def generate(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` STIX objects (plus two ISA definitions) with markings and references."""
    rnd = random.Random(seed)
    rel_scope = {"permitted_nationalities": ["USA", "GBR"]}
    objects: list[dict[str, Any]] = [
        _acs(
            REL,
            {"classification": "S"},
            [{"privilege_action": "DSPLY", "rule_effect": "permit", "privilege_scope": rel_scope}],
        ),
        _acs(NOFORN, {"classification": "S", "formal_determination": ["NF"]}, []),
    ]
    markings = [*TLP, REL, NOFORN]
    sdos: list[str] = []
    for index in range(count):
        roll = rnd.random()
        kind = (
            "indicator"
            if roll < 0.4 or not sdos
            else "malware"
            if roll < 0.55
            else "relationship"
            if roll < 0.8
            else "sighting"
            if roll < 0.9
            else "report"
        )
        obj: dict[str, Any] = {
            "type": kind,
            "spec_version": "2.1",
            "id": f"{kind}--{uuid.UUID(int=rnd.getrandbits(128), version=4)}",
            "created": T0,
            "modified": T0,
            "object_marking_refs": [rnd.choice(markings)],
        }
        if kind == "indicator":
            obj.update(
                pattern=f"[ipv4-addr:value = '10.{index % 250}.{index // 250 % 250}.1']",
                pattern_type="stix",
                valid_from=T0,
                description="Seen in phishing wave.",
                labels=["phishing", "c2"],
            )
        elif kind == "malware":
            obj.update(name=f"FAMILY{index}", is_family=True, description="Loader.")
        elif kind == "relationship":
            obj.update(
                relationship_type="indicates",
                source_ref=rnd.choice(sdos),
                target_ref=rnd.choice(sdos),
            )
        elif kind == "sighting":
            obj.update(sighting_of_ref=rnd.choice(sdos), count=1)
        else:
            obj.update(
                name=f"Report {index}",
                published=T0,
                object_refs=rnd.sample(sdos, min(5, len(sdos))),
            )
        if "description" in obj and rnd.random() < 0.25:
            selectors = ["description", "labels.[1]"] if "labels" in obj else ["description"]
            obj["granular_markings"] = [
                {"marking_ref": rnd.choice(markings), "selectors": selectors}
            ]
        objects.append(obj)
        if kind in ("indicator", "malware"):
            sdos.append(obj["id"])
        if rnd.random() < 0.05:
            later = dict(obj, modified=T1, object_marking_refs=[rnd.choice(markings)])
            objects.append(later)
    return objects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    objects = generate(args.objects)
    print(f"{len(objects):,} objects (seed 7), {args.runs} runs per figure")
    base, _ = timed(lambda: [dict(obj) for obj in objects], args.runs)
    print(f"baseline, shallow copy of every object: {spread([s * 1e3 for s in base], 'ms')}")
    real = filtering.decide
    for recipient in (Recipient("USA", "TS"), Recipient("GBR", "S"), Recipient("FRA", "U")):
        calls = 0

        def counting(*a: Any, **k: Any) -> Any:
            nonlocal calls
            calls += 1
            return real(*a, **k)

        filtering.decide = counting
        try:
            seconds, result = timed(
                lambda r=recipient: filtering.filter_objects(objects, r, on=ON, originators="USA"),
                args.runs,
            )
        finally:
            filtering.decide = real
        rate = len(objects) / min(seconds)
        times = spread([s * 1e3 for s in seconds], "ms")
        print(
            f"{recipient.nation} {recipient.clearance}: {times}, "
            f"{rate:,.0f} objects/s (best run); released {len(result.released):,}, "
            f"withheld {len(result.withheld):,}, redacted {len(result.redacted):,}; "
            f"{calls // args.runs} decisions per call"
        )


if __name__ == "__main__":
    main()
