from flask import Blueprint

from gemcell.helpdesk import views

bp = Blueprint('helpdesk', __name__, url_prefix='/helpdesk')
bp.add_url_rule('/', view_func=views.ListTicketsView.as_view('list'))
bp.add_url_rule('/new', view_func=views.NewTicketView.as_view('create'))
bp.add_url_rule('/suggest', view_func=views.SuggestView.as_view('suggest'))
bp.add_url_rule('/bulk', view_func=views.BulkView.as_view('bulk'))
bp.add_url_rule('/notices/read', view_func=views.ReadNoticesView.as_view('read_notices'))
bp.add_url_rule('/<int:ticket_id>', view_func=views.TicketDetailView.as_view('detail'))
bp.add_url_rule('/<int:ticket_id>/reply', view_func=views.ReplyView.as_view('reply'))
bp.add_url_rule('/<int:ticket_id>/transition', view_func=views.TransitionView.as_view('transition'))
bp.add_url_rule('/<int:ticket_id>/change', view_func=views.ChangeTicketView.as_view('change'))
bp.add_url_rule('/<int:ticket_id>/merge', view_func=views.MergeView.as_view('merge'))
bp.add_url_rule('/<int:ticket_id>/files/<int:attachment_id>', view_func=views.AttachmentView.as_view('attachment'))
bp.add_url_rule('/<int:ticket_id>/visits/new', view_func=views.NewVisitView.as_view('new_visit'))
bp.add_url_rule('/<int:ticket_id>/article', view_func=views.ArticleFromTicketView.as_view('ticket_article'))
bp.add_url_rule('/visits/', view_func=views.VisitsCalendarView.as_view('visits'))
bp.add_url_rule('/visits/<int:visit_id>/edit', view_func=views.EditVisitView.as_view('edit_visit'))
bp.add_url_rule('/kb/', view_func=views.KnowledgeBaseView.as_view('kb'))
bp.add_url_rule('/kb/new', view_func=views.NewArticleView.as_view('new_article'))
bp.add_url_rule('/kb/<int:article_id>', view_func=views.ArticleView.as_view('article'))
bp.add_url_rule('/kb/<int:article_id>/edit', view_func=views.EditArticleView.as_view('edit_article'))
bp.add_url_rule('/reports', view_func=views.ReportsView.as_view('reports'))
bp.add_url_rule('/settings/categories', view_func=views.CategoriesView.as_view('categories'))
bp.add_url_rule('/settings/categories/<int:category_id>/edit',
                view_func=views.EditCategoryView.as_view('edit_category'))
bp.add_url_rule('/settings/calendar', view_func=views.CalendarView.as_view('calendar'))
bp.add_url_rule('/settings/calendar/<int:day_id>/delete',
                view_func=views.DeleteCalendarDayView.as_view('delete_day'))
