"""Explanatory and normative models: alliance economics, cost sharing, voting power."""
