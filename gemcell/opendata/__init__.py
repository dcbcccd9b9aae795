"""Open contracting: gemcell's bids and orders as OCDS 1.1 compiled releases (``ocds.py``, the ``gemcell``
extension in ``extension/``), OCDS import (the ``ocds`` shape in ``gemdata/importers/ocds.py``), and the
statistical red flags over the State's data on the scrutiny desk (``views.py``)."""
