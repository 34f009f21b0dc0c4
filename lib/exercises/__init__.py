"""Exercise checkers, one module per notebook (see lib.check.exercise)."""
