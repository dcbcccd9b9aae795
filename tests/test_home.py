"""Home = my work: each role lands on what awaits it, counted within what it may see."""
import re


def card(html: str, title: str) -> int:
    match = re.search(r'stat-value">([\d,]+)</span>\s*<span class="stat-label">' + re.escape(title), html)
    assert match, f'no card "{title}"'
    return int(match.group(1).replace(',', ''))


def test_in_charge_sees_drafts_to_approve_first(db, client, login_as, create_document):
    create_document(state='draft')
    create_document(state='draft')
    create_document(state='issued')
    db.session.commit()
    login_as('cell_head')
    html = client.get('/').get_data(as_text=True)
    assert card(html, 'अनुमोदन हेतु प्रतीक्षारत प्रारूप') == 2
    assert html.index('अनुमोदन हेतु') < html.index('stat-label">निविदाएँ')


def test_reviewer_sees_department_names_waiting(db, client, login_as, create_alias):
    create_alias()
    db.session.commit()
    login_as('reviewer')
    assert card(client.get('/').get_data(as_text=True), 'मैप करने हेतु विभाग-नाम') == 1


def test_nodal_officer_counts_only_own_department(db, client, login, create_user, create_department, create_bid):
    own, other = create_department(), create_department()
    create_bid(buyer_department=own)
    create_bid(buyer_department=other)
    create_bid(buyer_department=other)
    officer = create_user(role='nodal', department=own)
    db.session.commit()
    login(officer)
    html = client.get('/').get_data(as_text=True)
    assert card(html, 'निविदाएँ') == 1
    assert 'मैप करने हेतु' not in html and 'अनुमोदन हेतु' not in html
