"""Full-text search, the same on SQLite and PostgreSQL: any inflection of a Hindi or English word, exact phrases,
ranking, scoping by department, and an index that follows changes."""
import pytest

from gemcell.search.operations import index_entry, remove_entry
from gemcell.search.queries import Query, search
from gemcell.search.terms import terms

OPINION = ('स्थानीय क्रय की प्रक्रिया',
           'विभाग द्वारा पूछा गया कि क्या ₹25,000 तक की खरीद सीधे की जा सकती है। GeM पर प्रत्यक्ष क्रय '
           'की सीमा GFR 149 के अनुसार है; इससे अधिक मूल्य की खरीदारी बोली अथवा रिवर्स नीलामी से की जाए।')
CIRCULAR = ('Payment of sellers within ten days',
            'Departments shall make payments to sellers within 10 days of the CRAC; delayed payments carry interest.')
EMD = ('बयाना धनराशि', 'बयाना धनराशि अनुमानित मूल्य के 2 से 5 प्रतिशत के बीच रखी जाए। सूक्ष्म एवं लघु उद्यमों को छूट है।')


@pytest.fixture
def library(db, create_department):
    health = create_department()
    index_entry('opinion', 1, *OPINION)
    index_entry('circular', 2, *CIRCULAR)
    index_entry('opinion', 3, *EMD, department_id=health.id)
    db.session.commit()
    return health


def ids(hits):
    return [(h.kind, h.ref_id) for h in hits]


def test_a_hindi_word_is_found_in_another_inflection(library):
    # "प्रक्रियाओं"/"प्रक्रिया" and "विभागों"/"विभाग" share their stems
    assert ids(search('प्रक्रियाओं')) == [('opinion', 1)]
    assert ids(search('विभागों')) == [('opinion', 1)]


def test_an_english_word_is_found_in_another_inflection(library):
    assert ids(search('payment delays')) == [('circular', 2)]
    assert ids(search('PAYING')) == []  # "pay" is not "payment": the stemmer does not invent relations


def test_every_word_must_occur(library):
    assert ids(search('बयाना छूट')) == [('opinion', 3)]
    assert ids(search('बयाना interest')) == []


def test_an_exact_phrase_is_found_only_as_written(library):
    assert ids(search('"प्रत्यक्ष क्रय"')) == [('opinion', 1)]
    assert ids(search('"क्रय प्रत्यक्ष"')) == []  # the same words in another order
    assert ids(search('"within 10 days"')) == [('circular', 2)]
    assert ids(search('"within ten days"')) == [('circular', 2)]  # from the title


def test_kinds_and_departments_narrow_the_search(library, create_department):
    other = create_department()
    assert ids(search('मूल्य', kinds=['circular'])) == []
    assert set(ids(search('मूल्य'))) == {('opinion', 1), ('opinion', 3)}
    # a nodal officer of another department sees the entries of no department, not the health department's
    assert ids(search('मूल्य', department_ids=[other.id])) == [('opinion', 1)]
    assert set(ids(search('मूल्य', department_ids=[library.id]))) == {('opinion', 1), ('opinion', 3)}


def test_the_better_match_comes_first(db, library):
    index_entry('circular', 4, 'बयाना', 'बयाना बयाना बयाना: बयाना धनराशि का विवरण')
    db.session.commit()
    assert ids(search('बयाना'))[0] == ('circular', 4)


def test_the_index_follows_changes(db, library):
    index_entry('opinion', 1, 'संशोधित', 'अब केवल रिवर्स नीलामी')
    remove_entry('circular', 2)
    db.session.commit()
    assert ids(search('प्रक्रिया')) == []
    assert ids(search('नीलामी')) == [('opinion', 1)]
    assert ids(search('payment')) == []


@pytest.mark.parametrize('hostile', ['"', 'AND OR NOT', "'); DROP TABLE search_entries; --", 'NEAR(a b)', '* ^ :',
                                     '   ', '""', "o'brien"])
def test_operators_and_quotes_in_the_query_are_only_text(library, hostile):
    search(hostile)  # no error from either database's query syntax
    assert ids(search('बयाना')) == [('opinion', 3)]


def test_the_snippet_marks_the_matching_words(library):
    hit, = search('खरीद')
    assert '<mark>खरीद</mark>' in hit.snippet and hit.snippet.endswith('…')
    index_entry('circular', 9, 'x', 'a <script>alert(1)</script> खरीद')
    assert '<script>' not in search('"alert 1"')[0].snippet


def test_words_are_cut_whole_and_hindi_digits_read_as_numbers():
    assert len(terms('कार्यालय-ज्ञाप में क्रय')) == 4
    assert Query.parse('१४९').words == Query.parse('149').words
