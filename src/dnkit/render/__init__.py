"""The rendering layer: turns domain results and the plan into HTML, Markdown and text.

Each concept a page shows is written once here (escaping, money, citations, the UNCONFIRMED
mark, the not-medical-advice note, the stylesheet), so the dashboard, the notebooks, the printed
summary and the command line say the same thing the same way. Nothing here imports widgets.
"""
