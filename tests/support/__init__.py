"""Test tooling that is not part of the shipped package: a live Voila server, browser settings,
readability checks and shared hypothesis strategies."""
