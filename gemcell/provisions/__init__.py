"""State provisions on the GeM portal (duty 7): the register of State GO provisions the cell asks GeM (Government of
India) to build into the portal, with the correspondence log (letters issued through the documents mechanism, GeM's
replies), the status from proposed to verified (or declined with the reason), and the tickets or findings that show
the need."""
import logging

logger = logging.getLogger(__name__)
