"""The monthly note's charts as report chart blocks (``documents.pdf.chart_svg`` draws them): the same blocks go
into the issued PDF and onto the page, so the SVG is the same in both."""
from flask_babel import gettext as _

from gemcell.documents.pdf import chart_svg
from gemcell.returns.periods import month_name

REPORTED_COLOR = '#123a6b'
DATA_COLOR = '#d08a1e'
#: departments per chart (a chart fits on one A4 page)
PER_CHART = 25


def _number(value):
    return None if value is None else float(value)


def series():
    return [{'name': _('As reported'), 'color': REPORTED_COLOR},
            {'name': _('As per GeM data'), 'color': DATA_COLOR}]


def trend_chart(note) -> dict:
    return {'type': 'chart', 'style': 'hbar', 'unit': '%', 'max': 100, 'series': series(),
            'title': _('State: share of procurement through GeM, month by month'),
            'bars': [{'label': month_name(month), 'values': [_number(reported), _number(data)]}
                     for month, reported, data in note.trend]}


def department_charts(note) -> list[dict]:
    ranked = note.ranked
    charts = []
    for start in range(0, len(ranked), PER_CHART):
        chunk = ranked[start:start + PER_CHART]
        title = _('Share of procurement through GeM by department (ranks %(first)s–%(last)s)',
                  first=chunk[0].rank, last=chunk[-1].rank)
        charts.append({'type': 'chart', 'style': 'hbar', 'unit': '%', 'max': 100, 'series': series(),
                       'title': title,
                       'bars': [{'label': line.department.name,
                                 'values': [_number(line.share_reported), _number(line.share_data)]}
                                for line in chunk]})
    return charts


def svg(block):
    return chart_svg(block)
