"""States and their codes: ISO 3166-1, Correlates of War and Gleditsch-Ward.

An embedded, project-written table of today's states (``data/states.csv``) and
the dated code spells of states whose COW or G-W code changed
(``data/code_spells.csv``), plus the spells of two former states that no
state of today continues, the German Democratic Republic and South Yemen
(``data/former_code_spells.csv``, for dated crosswalks), and the sourced spells
of states without armed forces (:func:`without_armed_forces`). :func:`resolve`
turns any name, alias or code into a code of the requested system;
:func:`lookup` gives the whole record.

Data sources: ISO 3166-1 (codes); Correlates of War Project, State System
Membership v2016; Gleditsch & Ward (1999) and its updates.

References
----------
.. [1] Correlates of War Project (2017). State System Membership List, v2016.
   https://correlatesofwar.org/data-sets/state-system-membership/
.. [2] Gleditsch, K. S., & Ward, M. D. (1999). A revised list of independent
   states since the congress of Vienna. International Interactions, 25(4),
   393-413. https://doi.org/10.1080/03050629908434958
"""

from allied.states._armed_forces import NoArmedForces, armed_forces_absent, without_armed_forces
from allied.states._resolve import (
    CodeSystem,
    State,
    code_spells,
    lookup,
    resolve,
    search,
    table,
)

__all__ = [
    "CodeSystem",
    "NoArmedForces",
    "State",
    "armed_forces_absent",
    "code_spells",
    "lookup",
    "resolve",
    "search",
    "table",
    "without_armed_forces",
]
