"""Figures kept while their data is unchanged (``core.memo``): per worker, and shared between the workers of a
server through the instance folder."""
import threading
import time

from gemcell.core import memo
from gemcell.directory.models import Department


class Counting:
    """A computation that counts how often it ran."""

    def __init__(self, pause: float = 0):
        self.runs = 0
        self.pause = pause

    def __call__(self):
        self.runs += 1
        time.sleep(self.pause)
        return {'runs': self.runs}


def another_worker():
    """What a second worker of the server knows: none of this one's memory, only the shared files."""
    memo._kept.clear()


def test_another_worker_is_given_the_figures_while_the_data_is_unchanged(db, create_department):
    create_department()
    db.session.commit()
    compute = Counting()
    assert memo.remembered('test.figures', (1,), [Department], compute) == {'runs': 1}
    another_worker()
    assert memo.remembered('test.figures', (1,), [Department], compute) == {'runs': 1}
    assert compute.runs == 1
    assert memo.remembered('test.figures', (2,), [Department], compute) == {'runs': 2}  # another key


def test_a_change_to_the_data_makes_every_worker_compute_again(db, create_department):
    department = create_department()
    db.session.commit()
    compute = Counting()
    memo.remembered('test.figures', (), [Department], compute)
    department.name_en = 'Renamed Department'
    db.session.commit()
    another_worker()
    assert memo.remembered('test.figures', (), [Department], compute) == {'runs': 2}
    create_department()
    db.session.commit()
    assert memo.remembered('test.figures', (), [Department], compute) == {'runs': 3}


def test_nothing_is_given_older_than_the_limit(db, create_department, monkeypatch):
    create_department()
    db.session.commit()
    compute = Counting()
    memo.remembered('test.figures', (), [Department], compute)
    monkeypatch.setattr(memo, 'MAX_AGE', 0)
    another_worker()
    assert memo.remembered('test.figures', (), [Department], compute) == {'runs': 2}


def test_a_key_names_the_same_figures_in_every_worker(db):
    compute = Counting()
    memo.remembered('test.figures', (frozenset(['b', 'a', 'c']), 7), [Department], compute)
    another_worker()  # a set of strings iterates in another order in another process
    assert memo.remembered('test.figures', (frozenset(['c', 'a', 'b']), 7), [Department], compute) == {'runs': 1}


def test_workers_asking_at_once_compute_the_figures_once(db, data_app):
    compute = Counting(pause=0.3)
    results = []

    def worker():
        with data_app.app_context():
            results.append(memo.remembered('test.figures', (), [Department], compute))

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert compute.runs == 1 and results == [{'runs': 1}] * 3


def test_forget_drops_the_shared_files(db):
    compute = Counting()
    memo.remembered('test.figures', (), [Department], compute)
    memo.forget()
    assert memo.remembered('test.figures', (), [Department], compute) == {'runs': 2}


def test_a_damaged_file_is_computed_again(db):
    compute = Counting()
    memo.remembered('test.figures', (), [Department], compute)
    memo._path('test.figures', ()).write_bytes(b'not a pickle')
    another_worker()
    assert memo.remembered('test.figures', (), [Department], compute) == {'runs': 2}


def test_old_files_are_swept(db, monkeypatch):
    compute = Counting()
    memo.remembered('test.figures', ('old',), [Department], compute)
    old = memo._path('test.figures', ('old',))
    monkeypatch.setattr(memo, 'SWEEP_EVERY', 1)
    monkeypatch.setattr(memo, 'SWEEP_AFTER', 0)
    memo.remembered('test.figures', ('new',), [Department], compute)  # a write sweeps what is older than now
    assert not old.exists()


def test_figures_that_cannot_be_shared_are_still_given(db):
    """A value the files cannot hold (not plain data: a bug) is given to this worker, and not shared."""
    value = memo.remembered('test.figures', (), [Department], lambda: (lambda: 'not plain data'))
    assert value() == 'not plain data'
    assert not memo._path('test.figures', ()).exists()


def test_figures_past_their_age_are_given_while_another_worker_computes_them_anew(db, data_app, monkeypatch):
    memo.remembered('test.figures', (), [Department], lambda: 'computed first')
    monkeypatch.setattr(memo, 'MAX_AGE', 0.2)
    time.sleep(0.3)  # past their age, the data unchanged
    results = []

    def slow():
        time.sleep(0.8)
        return 'computed anew'

    def worker():
        with data_app.app_context():
            results.append(memo.remembered('test.figures', (), [Department], slow))

    thread = threading.Thread(target=worker)
    thread.start()
    time.sleep(0.3)  # the worker holds the key's lock, computing
    another_worker()
    started = time.monotonic()
    assert memo.remembered('test.figures', (), [Department], lambda: 'not computed here') == 'computed first'
    assert time.monotonic() - started < 0.3  # given at once, not after the other worker
    thread.join()
    assert results == ['computed anew']
    another_worker()
    assert memo.remembered('test.figures', (), [Department], lambda: 'not computed here') == 'computed anew'


def test_figures_of_changed_data_are_waited_for_not_given_old(db, data_app, create_department, monkeypatch):
    memo.remembered('test.figures', (), [Department], lambda: 'before the change')
    create_department()
    db.session.commit()
    results = []

    def worker():
        with data_app.app_context():
            results.append(memo.remembered('test.figures', (), [Department], lambda: time.sleep(0.5) or 'after'))

    thread = threading.Thread(target=worker)
    thread.start()
    time.sleep(0.2)
    another_worker()
    assert memo.remembered('test.figures', (), [Department], lambda: 'not computed here') == 'after'
    thread.join()
    assert results == ['after']
