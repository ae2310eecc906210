"""`deeptalk eval`'s own graders: each measure of the measures table (offline/measures.py)
implemented here, apart from the engines.

Nothing here imports deeptalk/engines/: an engine keeps or drops its candidate text with its own
checks, and a measure counted with the same function would be zero by construction. Grounding
and pain are measured against the persona's own words (and the interview's fact sheet), never
against a vocabulary written for particular personas.
"""
