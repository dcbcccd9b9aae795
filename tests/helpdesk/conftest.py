import io
from datetime import date, datetime, time

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from gemcell.core.i18n import IST

HTMX = {'HX-Request': 'true'}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), IST)


def html_of(response) -> str:
    return response.get_data(as_text=True)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new('RGB', (4, 4), 'white').save(out, 'PNG')
    return out.getvalue()


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.fixture
def category(create_ticket_category):
    return create_ticket_category(code='bid_publishing', name_hi='निविदा (बिड) सृजन', name_en='Bid creation',
                                  sla_urgent_hours=4, sla_high_hours=8, sla_normal_hours=16, sla_low_hours=40)
