"""Coalition threat-intelligence sharing: releasability, STIX 2.1 filtering, TAXII 2.1."""
