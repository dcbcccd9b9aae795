"""Department returns (duty 1 of the memo): the fortnightly return (पाक्षिक आख्या) on vendor registration and GeM
compliance, its review by the cell, the period × department grid and reminders.

The workflow (draft → submitted → accepted | returned → submitted …, every submission kept as a version) is the
same for every kind of return; what a return contains is described per kind in ``contents.py``, so the monthly
return (duty 2) adds its contents and reuses the rest.
"""
import logging

logger = logging.getLogger(__name__)
