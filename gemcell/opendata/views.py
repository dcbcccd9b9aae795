"""Open contracting pages: the OCDS download of the bids list (the list's own filters, the user's scope)."""
from datetime import date

from flask import Response, abort, request, stream_with_context, url_for
from flask_login import current_user

from gemcell.core.views import GemView
from gemcell.gemdata import queries
from gemcell.opendata.export import dump, iter_releases, package

FORMATS = {'package': 'application/json', 'jsonl': 'application/x-ndjson'}


class BidsOcdsView(GemView):
    """``/opendata/bids.json``: the bids the bids list shows under the same query string (search and filters), with
    the orders of those bids the user may see, as a release package (``?format=package``, the default) or JSON
    lines (``?format=jsonl``). A nodal officer gets only the department's bids and orders."""

    def get(self):
        fmt = request.args.get('format', 'package')
        if fmt not in FORMATS:
            abort(404)
        listing = queries.BID_LISTING
        bids = listing.statement(queries.visible_bids(current_user), listing.state(request.args))
        releases = iter_releases(bids, queries.visible_orders(current_user), orders_without_bid=False)
        name = f'ocds-bids-{date.today().isoformat()}'
        if fmt == 'jsonl':
            body = stream_with_context(dump(release) + '\n' for release in releases)
            response = Response(body, mimetype=FORMATS[fmt])
            response.headers['Content-Disposition'] = f'attachment; filename="{name}.jsonl"'
            return response
        document = package(releases, uri=url_for('opendata.bids_ocds', _external=True, **request.args))
        response = Response(dump(document), mimetype=FORMATS[fmt])
        response.headers['Content-Disposition'] = f'attachment; filename="{name}.json"'
        return response
