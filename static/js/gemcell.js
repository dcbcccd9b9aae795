// gemcell's behaviour, all of it: the Content-Security-Policy allows no inline script and no eval, so pages carry
// data attributes and this file (loaded once; htmx swaps only the body) acts on them.
(function () {
  'use strict';

  // an in-place write answers with HX-Trigger: {"flash": "message"}; show it in the flash region
  document.addEventListener('flash', function (event) {
    var p = document.createElement('p');
    p.className = 'flash flash-success';
    p.setAttribute('role', 'status');
    p.textContent = event.detail.value;
    document.getElementById('flashes').replaceChildren(p);
  });

  // the language switch comes back to the page shown (its address may have changed in place)
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.matches && form.matches('form.language') && form.elements.next) {
      form.elements.next.value = location.pathname + location.search;
    }
  });

  // a button that removes its row of a repeated group of fields: data-remove="<selector of the row>"
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-remove]');
    if (!button) { return; }
    var row = button.closest(button.dataset.remove);
    if (row) { row.remove(); }
  });

  // a select that submits its form when changed (a month picker): data-submit-on-change
  document.addEventListener('change', function (event) {
    var field = event.target;
    if (field.matches && field.matches('[data-submit-on-change]') && field.form) { field.form.requestSubmit(); }
  });

  // a list of checkboxes (forms.CheckboxListWidget): a filter box narrows the list and the line under it names the
  // ones ticked; without this script it is a plain, scrolling list
  function checklists(root) {
    root.querySelectorAll('.checklist-box').forEach(function (box) {
      if (box.dataset.ready) { return; }
      box.dataset.ready = '1';
      var filter = box.querySelector('.checklist-filter');
      var items = Array.prototype.slice.call(box.querySelectorAll('.checklist li'));
      filter.hidden = false;
      filter.addEventListener('input', function () {
        var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
        items.forEach(function (li) {
          var text = li.dataset.search || '';
          li.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
        });
      });
      filter.addEventListener('keydown', function (event) {
        if (event.key === 'Enter') { event.preventDefault(); }  // Enter filters, it does not save the form
      });
      box.addEventListener('change', function () {
        var names = items.filter(function (li) { return li.querySelector('input').checked; })
                         .map(function (li) { return li.querySelector('label').textContent; });
        box.querySelector('.checklist-count').textContent = names.length;
        box.querySelector('.checklist-names').textContent = names.join('; ') || '—';
      });
    });
  }

  // fields shown only for one choice of another field: data-show-if="<id of the field>=<value>"
  function showIf(root) {
    root.querySelectorAll('[data-show-if]').forEach(function (element) {
      var rule = element.dataset.showIf.split('='), field = document.getElementById(rule[0]);
      if (!field || element.dataset.ready) { return; }
      element.dataset.ready = '1';
      function update() { element.hidden = field.value !== rule[1]; }
      field.addEventListener('change', update);
      update();
    });
  }

  // a small rich-text editor (contenteditable) that keeps a hidden field in step: data-field="<name>", with the
  // buttons of the .editor-tools before it (data-cmd); the server sanitises what comes in
  function editors(root) {
    root.querySelectorAll('.editor[data-field]').forEach(function (editor) {
      if (editor.dataset.ready) { return; }
      editor.dataset.ready = '1';
      var form = editor.closest('form'), field = form && form.elements[editor.dataset.field];
      if (!field) { return; }
      function sync() { field.value = editor.innerHTML; }
      editor.addEventListener('input', sync);
      form.querySelectorAll('.editor-tools button[data-cmd]').forEach(function (button) {
        button.addEventListener('click', function () { document.execCommand(button.dataset.cmd); editor.focus(); sync(); });
      });
    });
  }

  // every piece of content htmx loads (the first page too) gets its behaviour
  document.addEventListener('htmx:load', function (event) {
    checklists(event.detail.elt);
    showIf(event.detail.elt);
    editors(event.detail.elt);
  });
})();
