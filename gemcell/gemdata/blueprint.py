from flask import Blueprint

from gemcell.gemdata import views

bp = Blueprint('gemdata', __name__)
bp.add_url_rule('/bids/', view_func=views.ListBidsView.as_view('bids'))
bp.add_url_rule('/bids/<int:bid_id>', view_func=views.BidDetailView.as_view('bid'))
bp.add_url_rule('/orders/', view_func=views.ListOrdersView.as_view('orders'))
bp.add_url_rule('/orders/<int:order_id>', view_func=views.OrderDetailView.as_view('order'))
bp.add_url_rule('/sellers/', view_func=views.ListSellersView.as_view('sellers'))
bp.add_url_rule('/sellers/<int:seller_id>', view_func=views.SellerDetailView.as_view('seller'))
bp.add_url_rule('/imports/', view_func=views.ListImportsView.as_view('imports'))
bp.add_url_rule('/imports/new', view_func=views.NewImportView.as_view('new_import'))
bp.add_url_rule('/imports/template.xlsx', view_func=views.ImportTemplateView.as_view('import_template'))
bp.add_url_rule('/imports/<int:batch_id>', view_func=views.ImportBatchView.as_view('import_batch'))
bp.add_url_rule('/imports/<int:batch_id>/commit', view_func=views.CommitImportView.as_view('commit_import'))
bp.add_url_rule('/imports/mappings/', view_func=views.ListMappingsView.as_view('mappings'))
bp.add_url_rule('/imports/mappings/<int:profile_id>/delete', view_func=views.DeleteMappingView.as_view('delete_mapping'))
bp.add_url_rule('/imports/mappings/new', view_func=views.NewMappingView.as_view('new_mapping'))
bp.add_url_rule('/imports/mappings/preview', view_func=views.PreviewMappingView.as_view('preview_mapping'))
bp.add_url_rule('/imports/aliases', view_func=views.ListAliasesView.as_view('aliases'))
bp.add_url_rule('/imports/aliases/<int:alias_id>/map', view_func=views.MapAliasView.as_view('map_alias'))
