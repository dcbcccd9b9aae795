"""Directions (निर्देश) and their compliance (duties 2 and 13 of the memo).

The cell issues a direction to one, several or all departments (at its own level, or for the Commissioner & Director
of Industries or Government), as an office memo through the documents mechanism; each department answers every point
with an action-taken report (कृत कार्यवाही आख्या) and attachments; the cell classes each point (complied / partly /
not complied / not applicable) or sends the report back with a remark. Reminders go out before and after the due
date, and a department still silent after ``DIRECTION_ESCALATE_AFTER_DAYS`` is escalated to the next level with a
reminder letter drafted automatically. Government's directions to the cell (duty 13) are registered the same way,
with the cell as the addressee.

Other modules draft a direction from their records with ``operations.draft_direction(...)``; the department
scorecard reads ``queries.compliance_by_department_month(...)``.
"""
import logging

logger = logging.getLogger(__name__)
