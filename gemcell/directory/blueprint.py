from flask import Blueprint

from gemcell.directory import views

bp = Blueprint('directory', __name__)
bp.add_url_rule('/departments/', view_func=views.ListDepartmentsView.as_view('list'))
bp.add_url_rule('/departments/new', view_func=views.CreateDepartmentView.as_view('create'))
bp.add_url_rule('/departments/<int:department_id>', view_func=views.DepartmentDetailView.as_view('detail'))
bp.add_url_rule('/departments/<int:department_id>/edit', view_func=views.EditDepartmentView.as_view('edit'))
bp.add_url_rule('/departments/<int:department_id>/offices/new',
                view_func=views.CreateOfficeView.as_view('create_office'))
bp.add_url_rule('/offices/<int:office_id>', view_func=views.OfficeDetailView.as_view('office'))
bp.add_url_rule('/offices/<int:office_id>/edit', view_func=views.EditOfficeView.as_view('edit_office'))
bp.add_url_rule('/admin/users/', view_func=views.ListUsersView.as_view('users'))
bp.add_url_rule('/admin/users/new', view_func=views.CreateUserView.as_view('create_user'))
bp.add_url_rule('/admin/users/<int:user_id>/edit', view_func=views.EditUserView.as_view('edit_user'))
bp.add_url_rule('/admin/users/<int:user_id>/unlock', view_func=views.UnlockUserView.as_view('unlock_user'))
