"""ipywidgets views. They read controls, call the pure domain modules and show the results;
they hold no domain logic of their own."""

from dnkit.ui.app import dashboard

__all__ = ["dashboard"]
