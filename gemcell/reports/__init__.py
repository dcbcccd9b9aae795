"""Reports of the cell (duty 2 and the cell's own view of the departments): the monthly note to Government
(मासिक टिप्पणी) compiled from the monthly procurement returns and the imported GeM data, issued as a PDF through
the documents mechanism; and the department scorecard, a published weighted formula with drill-down.

``note.py`` computes the note's figures (plain data), ``charts.py`` the SVG charts, ``scorecard.py`` the scorecard's
component registry; ``models.py`` keeps the cell's remarks per month and the document issued."""
import logging

logger = logging.getLogger(__name__)
