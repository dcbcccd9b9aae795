"""Opinions (अभिमत, duty 2): a department asks the cell a question on the purchase rules (GeM, GFR, State orders)
with attachments; the cell drafts an answer citing the rules (RULES.md ids) and Government orders, and the In-charge
issues it as a letter. Issued opinions, with the Government orders and circulars the cell keeps, form a library
searched in full text (Hindi and English, ``gemcell.search``) so alike questions get alike answers."""
import logging

logger = logging.getLogger(__name__)
