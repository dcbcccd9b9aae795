"""Open contracting red flags: the Open Contracting Partnership's cardinal indicators (R003, R018, R024, R025,
R028, R030, R035, R036, R038, R048, R058), computed from OCDS compiled releases exactly as cardinal computes them
(``compute.py``), with cardinal's INI settings (``settings.py``). The command ``flask gemcell indicators`` runs them
over a JSON-lines file; the scrutiny rules ``CARD-R0xx`` run the same code over gemcell's bids, turned into releases
by ``gemcell.opendata.ocds`` (one mapping for the export and the rules)."""
