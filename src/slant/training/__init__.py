"""Training and evaluation code: gold readers, scorers and trainers, one module per area.

Nothing here is imported by ``import slant``; the ``slant train``/``slant eval`` commands
import the module they need.
"""
