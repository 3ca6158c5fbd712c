"""Russian rules and lexicons shared by the analyzers' Russian branches (no analyzer here).

The Russian parse is a spaCy ``Doc`` built by :mod:`slant.nlp.ru` from natasha's analysis,
so these modules read tokens, lemmas, morphology, the dependency parse and ``doc.ents`` as
the English branches do.
"""
