/*
 * Countline field app: report field events to the gateway from a phone, with or without signal.
 *
 * Every report is stored on the device first (IndexedDB: the report, and the request that carries
 * it in an outbox), then sent in order. The eventId is made here (crypto.randomUUID), so a resend
 * after an unknown outcome carries the same eventId and revision and the gateway counts it once.
 * A 4xx answer marks the report refused and shows the gateway's messages; no answer, 5xx or 503
 * keeps it waiting: the outbox is sent again when the browser says it is online, every
 * RETRY_MS while something waits, and on every start.
 */
(function () {
  'use strict';

  var RETRY_MS = 10000;
  var DB_NAME = 'countline-field-app';
  var KEY = { token: 'countline.token', reporter: 'countline.reporter', operation: 'countline.operation',
    operations: 'countline.operations', force: 'countline.force', openapi: 'countline.openapi' };

  /** What officers read for each type and figure; the figures themselves come from the OpenAPI document. */
  var TYPE_LABELS = { arrest: 'Arrest', warrant: 'Warrant', vehicle_stop: 'Vehicle stop', seizure: 'Seizure',
    deal_line_closed: 'Deal line closed', safeguarding: 'Safeguarding', engagement: 'Engagement', withdrawal: 'Withdrawal' };
  var FIELD_LABELS = {
    'arrest.count': 'People arrested', 'arrest.charged': 'Charged', 'arrest.remanded': 'Remanded in custody',
    'warrant.count': 'Warrants executed', 'vehicle_stop.count': 'Vehicles stopped', 'deal_line_closed.count': 'Deal lines closed',
    'safeguarding.adults': 'Adults safeguarded', 'safeguarding.children': 'Children safeguarded',
    'safeguarding.nrmReferrals': 'NRM referrals', 'safeguarding.cuckooVisits': 'Cuckooed addresses visited',
    'engagement.schools': 'Schools visited', 'engagement.children': 'Children given sessions',
    'engagement.adults': 'Adults given sessions', 'engagement.partners': 'Partner organisations engaged',
    'seizure.cashGbp': 'Cash seized (£)', 'seizure.phones': 'Phones seized'
  };
  var DRUG_LABELS = { cocaine: 'Cocaine', crack_cocaine: 'Crack cocaine', heroin: 'Heroin', cannabis: 'Cannabis',
    cannabis_plants: 'Cannabis plants', class_a_wraps: 'Class A wraps', other: 'Other drug' };
  var UNIT_LABELS = { g: 'g', kg: 'kg', count: 'count' };
  var WEAPON_LABELS = { firearm: 'Firearm', bladed: 'Bladed (knife, machete, sword)', other: 'Other weapon' };

  /** Errors about what is not in the report form: named as the screen names them. */
  var OUTSIDE_LABELS = { operationId: 'Operation', force: 'Force (from the token)', reporter: 'Collar number or officer id',
    occurredAt: 'Happened at', $: 'Report' };

  var rules = null;
  var db = null;
  var flushing = false;
  var refusedNow = false; // a refusal was announced during this flush: leave it on screen
  var tokenRefused = false;
  var current = null; // the form being filled: {type, eventId?, revision?}
  var drugRows = 0;
  var weaponRows = 0;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }

  function announce(message) {
    $('status').textContent = message;
  }

  // --- storage ---------------------------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        var d = req.result;
        d.createObjectStore('reports', { keyPath: 'eventId' });
        d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function tx(stores, mode, work) {
    return new Promise(function (resolve, reject) {
      var t = db.transaction(stores, mode);
      var result;
      t.oncomplete = function () { resolve(result); };
      t.onerror = function () { reject(t.error); };
      t.onabort = function () { reject(t.error); };
      result = work(t);
    });
  }

  function all(store) {
    return new Promise(function (resolve, reject) {
      var req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function get(store, key) {
    return new Promise(function (resolve, reject) {
      var req = db.transaction(store).objectStore(store).get(key);
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  // --- gateway ---------------------------------------------------------------------------------

  function token() { return localStorage.getItem(KEY.token) || ''; }

  function call(method, path, body) {
    var init = { method: method, headers: { Authorization: 'Bearer ' + token() }, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return { status: r.status, json: json };
      });
    });
  }

  function setConnection(online) {
    var c = $('connection');
    c.dataset.state = online ? 'online' : 'offline';
    c.textContent = online ? 'Connected' : 'No connection';
  }

  function loadRules() {
    return fetch('/openapi.json', { cache: 'no-cache' }).then(function (r) {
      if (!r.ok) { throw new Error('openapi ' + r.status); }
      return r.json();
    }).then(function (doc) {
      localStorage.setItem(KEY.openapi, JSON.stringify(doc));
      return doc;
    }).catch(function () {
      var kept = localStorage.getItem(KEY.openapi);
      if (!kept) { throw new Error('The app needs a signal the first time it opens.'); }
      return JSON.parse(kept);
    }).then(function (doc) {
      rules = new window.CountlineRules(doc);
    });
  }

  /** The token's force and the open operations; kept, so the app works without signal later. */
  function loadOperations() {
    if (!token()) { return Promise.resolve(); }
    return call('GET', '/v1/operations').then(function (r) {
      setConnection(true);
      if (r.status === 200) {
        localStorage.setItem(KEY.operations, JSON.stringify(r.json.operations));
        localStorage.setItem(KEY.force, JSON.stringify(r.json.force));
      } else if (r.status === 401) {
        showSetup(errorText(r.json) || 'the token is not valid');
        return;
      }
      renderOperations();
    }, function () {
      setConnection(false);
      renderOperations();
    });
  }

  function errorText(json) {
    return json && json.errors ? json.errors.map(function (e) { return e.message; }).join('; ') : '';
  }

  // --- setup -----------------------------------------------------------------------------------

  function showSetup(message) {
    $('setup').hidden = false;
    $('operation-panel').hidden = true;
    $('report').hidden = true;
    $('token').value = token();
    $('reporter').value = localStorage.getItem(KEY.reporter) || '';
    $('token-error').textContent = message || '';
    $('token').setAttribute('aria-invalid', message ? 'true' : 'false');
    if (message) { $('token').focus(); }
  }

  function saveSetup(ev) {
    ev.preventDefault();
    var t = $('token').value.trim();
    var reporter = $('reporter').value.trim();
    var bad = false;
    $('token-error').textContent = '';
    $('reporter-error').textContent = '';
    if (!t) {
      $('token-error').textContent = 'is required';
      $('token').setAttribute('aria-invalid', 'true');
      bad = true;
    }
    var errors = rules.validateReporter(reporter);
    $('reporter').setAttribute('aria-invalid', errors.length ? 'true' : 'false');
    if (errors.length) {
      $('reporter-error').textContent = errors[0].message;
      bad = true;
    }
    if (bad) {
      announce('Check the highlighted fields.');
      return;
    }
    localStorage.setItem(KEY.token, t);
    localStorage.setItem(KEY.reporter, reporter);
    $('setup').hidden = true;
    announce('Saved on this device.');
    loadOperations().then(function () { flush(); });
  }

  function renderOperations() {
    var ops = JSON.parse(localStorage.getItem(KEY.operations) || '[]');
    var force = JSON.parse(localStorage.getItem(KEY.force) || 'null');
    var select = $('operation');
    var chosen = localStorage.getItem(KEY.operation);
    select.textContent = '';
    if (ops.length === 0) {
      select.appendChild(el('option', { value: '', text: 'No operation is open now' }));
    } else {
      if (!ops.some(function (o) { return o.id === chosen; })) {
        chosen = ops.length === 1 ? ops[0].id : '';
      }
      if (ops.length > 1) { select.appendChild(el('option', { value: '', text: 'Choose the operation' })); }
      ops.forEach(function (o) {
        select.appendChild(el('option', { value: o.id, text: o.name }));
      });
      select.value = chosen;
    }
    if (chosen) { localStorage.setItem(KEY.operation, chosen); }
    showDates();
    $('force-line').textContent = force ? 'Reporting for ' + force.name : '';
    $('setup').hidden = !!token();
    $('operation-panel').hidden = !token();
    $('report').hidden = !token();
    $('today').hidden = !token();
  }

  function showDates() {
    var op = operation();
    $('operation-dates').textContent = op ? day(op.start) + ' to ' + day(op.end) + ' (' + op.id + ')' : '';
  }

  function day(iso) {
    return new Date(iso + 'T12:00:00Z').toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  }

  function operationById(id) {
    var ops = JSON.parse(localStorage.getItem(KEY.operations) || '[]');
    return ops.filter(function (o) { return o.id === id; })[0] || null;
  }

  function operation() {
    var id = $('operation').value;
    var ops = JSON.parse(localStorage.getItem(KEY.operations) || '[]');
    return ops.filter(function (o) { return o.id === id; })[0] || null;
  }

  // --- the form --------------------------------------------------------------------------------

  function renderTypes() {
    var box = $('types');
    rules.types.forEach(function (type) {
      var b = el('button', { type: 'button', 'data-type': type, text: TYPE_LABELS[type] || type });
      b.addEventListener('click', function () { openForm(type, null); });
      box.appendChild(b);
    });
  }

  function fieldId(path) { return 'f-' + path.replace(/[^A-Za-z0-9]+/g, '-'); }

  /** A labelled text input with its error line; a stepper (−/+) for whole numbers. */
  function numberField(path, label, value, whole) {
    var id = fieldId(path);
    var input = el('input', { id: id, type: 'text', inputmode: whole ? 'numeric' : 'decimal', autocomplete: 'off',
      'data-field': path, 'aria-describedby': id + '-error' });
    input.value = value === undefined || value === null ? '' : String(value);
    var error = el('p', { class: 'error', id: id + '-error', 'data-error-for': path });
    var box = el('div', { class: 'field' }, [el('label', { for: id, text: label })]);
    if (whole) {
      var less = el('button', { type: 'button', 'aria-label': 'One fewer: ' + label, 'aria-controls': id, text: '−' });
      var more = el('button', { type: 'button', 'aria-label': 'One more: ' + label, 'aria-controls': id, text: '+' });
      less.addEventListener('click', function () { step(input, -1); });
      more.addEventListener('click', function () { step(input, 1); });
      box.appendChild(el('div', { class: 'stepper' }, [less, input, more]));
    } else {
      box.appendChild(input);
    }
    box.appendChild(error);
    return box;
  }

  function step(input, by) {
    var n = parseInt(input.value, 10);
    n = isNaN(n) ? 0 : n;
    input.value = String(Math.max(0, n + by));
  }

  function selectField(path, label, options, labels, value) {
    var id = fieldId(path);
    var select = el('select', { id: id, 'data-field': path, 'aria-describedby': id + '-error' });
    options.forEach(function (o) { select.appendChild(el('option', { value: o, text: labels[o] || o })); });
    if (value) { select.value = value; }
    return { box: el('div', { class: 'field' }, [el('label', { for: id, text: label }), select,
      el('p', { class: 'error', id: id + '-error', 'data-error-for': path })]), select: select };
  }

  function openForm(type, report) {
    current = { type: type, report: report };
    var fields = $('form-fields');
    fields.textContent = '';
    drugRows = 0;
    weaponRows = 0;
    var schema = rules.body(type);
    var body = report ? report.body[type] || {} : {};
    if (type === 'seizure') {
      fields.appendChild(el('div', { id: 'drugs' }));
      fields.appendChild(addButton('add-drug', 'Add drugs', function () { addDrug({}); }));
      (body.drugs || []).forEach(addDrug);
      fields.appendChild(numberField('seizure.cashGbp', FIELD_LABELS['seizure.cashGbp'], body.cashGbp || '', false));
      fields.appendChild(el('div', { id: 'weapons' }));
      fields.appendChild(addButton('add-weapon', 'Add weapon', function () { addWeapon({}); }));
      (body.weapons || []).forEach(addWeapon);
      fields.appendChild(numberField('seizure.phones', FIELD_LABELS['seizure.phones'],
        body.phones !== undefined ? body.phones : schema.properties.phones.default, true));
    } else {
      Object.keys(schema.properties).forEach(function (name) {
        var path = type + '.' + name;
        var value = body[name] !== undefined ? body[name] : schema.properties[name].default;
        fields.appendChild(numberField(path, FIELD_LABELS[path] || name, value, true));
      });
    }
    $('occurred').value = report ? localInput(new Date(report.body.occurredAt)) : '';
    $('when').open = false;
    $('form-title').textContent = (report ? 'Amend: ' : '') + (TYPE_LABELS[type] || type);
    $('send').textContent = report ? 'Send amendment' : 'Send';
    $('form-summary').hidden = true;
    $('types').hidden = true;
    $('report-form').hidden = false;
    $('report').scrollIntoView({ block: 'start' });
    $('form-title').focus();
  }

  function addButton(id, text, onClick) {
    var b = el('button', { type: 'button', class: 'add secondary', id: id, text: text });
    b.addEventListener('click', onClick);
    return b;
  }

  function addDrug(d) {
    var i = drugRows++;
    var base = 'seizure.drugs[' + i + ']';
    var legend = 'Drugs ' + (i + 1);
    var drug = selectField(base + '.drug', 'Drug', rules.drugs, DRUG_LABELS, d.drug || rules.drugs[0]);
    var unit = selectField(base + '.unit', 'Unit', rules.units, UNIT_LABELS, d.unit);
    function limitUnits() {
      var allowed = rules.unitsFor(drug.select.value);
      Array.prototype.forEach.call(unit.select.options, function (o) {
        o.disabled = allowed.indexOf(o.value) < 0;
        o.hidden = o.disabled;
      });
      if (allowed.indexOf(unit.select.value) < 0) { unit.select.value = allowed[0]; }
    }
    drug.select.addEventListener('change', limitUnits);
    var remove = el('button', { type: 'button', class: 'secondary', text: 'Remove ' + legend.toLowerCase() });
    var set = el('fieldset', { class: 'item', 'data-row': 'drug' }, [el('legend', { text: legend }), drug.box,
      el('div', { class: 'pair' }, [numberField(base + '.quantity', 'Quantity', d.quantity, false), unit.box]),
      numberField(base + '.valueGbp', 'Street value (£, optional)', d.valueGbp, false), remove]);
    remove.addEventListener('click', function () { set.remove(); $('add-drug').focus(); });
    $('drugs').appendChild(set);
    limitUnits();
    drug.select.focus();
  }

  function addWeapon(w) {
    var i = weaponRows++;
    var base = 'seizure.weapons[' + i + ']';
    var legend = 'Weapon ' + (i + 1);
    var type = selectField(base + '.type', 'Type of weapon', rules.weaponTypes, WEAPON_LABELS, w.type);
    var remove = el('button', { type: 'button', class: 'secondary', text: 'Remove ' + legend.toLowerCase() });
    var set = el('fieldset', { class: 'item', 'data-row': 'weapon' }, [el('legend', { text: legend }), type.box,
      numberField(base + '.count', 'How many', w.count !== undefined ? w.count : 1, true), remove]);
    remove.addEventListener('click', function () { set.remove(); $('add-weapon').focus(); });
    $('weapons').appendChild(set);
    type.select.focus();
  }

  function closeForm() {
    current = null;
    $('report-form').hidden = true;
    $('types').hidden = false;
  }

  /** The form as the event body, numbers still as typed, so the checks see what was entered. */
  function draft() {
    var type = current.type;
    var body = {};
    if (type === 'seizure') {
      // Rows are renumbered in the order shown, as the gateway will name them.
      body.drugs = Array.prototype.map.call(document.querySelectorAll('#drugs fieldset'), function (set) {
        return { drug: set.querySelector('select[data-field$=".drug"]').value,
          quantity: set.querySelector('input[data-field$=".quantity"]').value,
          unit: set.querySelector('select[data-field$=".unit"]').value,
          valueGbp: set.querySelector('input[data-field$=".valueGbp"]').value };
      });
      body.cashGbp = $(fieldId('seizure.cashGbp')).value;
      body.weapons = Array.prototype.map.call(document.querySelectorAll('#weapons fieldset'), function (set) {
        return { type: set.querySelector('select').value, count: set.querySelector('input').value };
      });
      body.phones = $(fieldId('seizure.phones')).value;
    } else {
      document.querySelectorAll('#form-fields input[data-field]').forEach(function (input) {
        body[input.dataset.field.substring(type.length + 1)] = input.value;
      });
    }
    var op = operation();
    var event = { eventId: current.report ? current.report.eventId : newId(),
      revision: current.report ? current.report.revision + 1 : 1,
      operationId: op ? op.id : (current.report ? current.report.body.operationId : ''),
      force: force(), type: type,
      occurredAt: $('occurred').value ? offsetTime(new Date($('occurred').value)) : offsetTime(new Date()) };
    if (current.report) { event.operationId = current.report.body.operationId; }
    var reporter = localStorage.getItem(KEY.reporter);
    if (reporter) { event.reporter = reporter; }
    event[type] = body;
    return event;
  }

  /** The draft with its numbers as JSON numbers and empty inputs left out (the gateway's defaults). */
  function finish(event) {
    function clean(o) {
      var out = {};
      Object.keys(o).forEach(function (k) {
        var v = o[k];
        if (Array.isArray(v)) {
          out[k] = v.map(clean);
        } else if (typeof v === 'string' && v.trim() === '') {
          return;
        } else if (typeof v === 'string' && window.CountlineRules.numberText(v) !== null && k !== 'drug' && k !== 'unit'
          && k !== 'type') {
          out[k] = Number(v.trim());
        } else {
          out[k] = v;
        }
      });
      return out;
    }
    event[event.type] = clean(event[event.type]);
    return event;
  }

  function force() {
    var f = JSON.parse(localStorage.getItem(KEY.force) || 'null');
    return f ? f.code : '';
  }

  function newId() { return crypto.randomUUID().toLowerCase(); }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /** Local time with the device's offset, e.g. 2022-10-04T09:30:00+01:00. */
  function offsetTime(d) {
    var off = -d.getTimezoneOffset();
    var a = Math.abs(off);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':'
      + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + (off >= 0 ? '+' : '-') + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
  }

  function localInput(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  function today() { return localInput(new Date()).substring(0, 10); }

  function showErrors(errors) {
    document.querySelectorAll('#report-form [data-error-for]').forEach(function (p) { p.textContent = ''; });
    document.querySelectorAll('#report-form [aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); });
    var summary = $('form-summary');
    summary.textContent = '';
    if (errors.length === 0) {
      summary.hidden = true;
      return;
    }
    var list = el('ul');
    var first = null;
    errors.forEach(function (e) {
      var input = document.querySelector('#report-form [data-field="' + e.field + '"]');
      var line = document.querySelector('#report-form [data-error-for="' + e.field + '"]');
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      }
      if (line) { line.textContent = e.message; }
      var label = input && input.labels && input.labels[0] ? input.labels[0].textContent : OUTSIDE_LABELS[e.field] || e.field;
      list.appendChild(el('li', { text: label + ': ' + e.message }));
    });
    summary.appendChild(el('p', { text: 'Not sent. Correct ' + (errors.length === 1 ? 'this' : 'these') + ':' }));
    summary.appendChild(list);
    summary.hidden = false;
    if (first && first.closest('details')) { first.closest('details').open = true; }
    (first || summary).focus();
  }

  function send(ev) {
    ev.preventDefault();
    var op = operation();
    var event = draft();
    var errors = rules.validateEvent(event, current.report ? operationById(event.operationId) : op);
    if (errors.length) {
      showErrors(errors);
      announce('Not sent: ' + errors.length + (errors.length === 1 ? ' field' : ' fields') + ' to correct.');
      return;
    }
    showErrors([]);
    event = finish(event);
    var amendOf = current.report;
    closeForm();
    var stored = amendOf ? storeAmendment(amendOf, event) : storeReport(event);
    stored.then(function () {
      announce((TYPE_LABELS[event.type] || event.type) + (amendOf ? ' amendment' : '') + ' saved on this device; sending…');
      $('types').querySelector('button').focus();
      return render();
    }).then(flush);
  }

  function storeReport(event) {
    return tx(['reports', 'outbox'], 'readwrite', function (t) {
      t.objectStore('reports').put({ eventId: event.eventId, revision: event.revision, type: event.type, body: event,
        day: today(), savedAt: Date.now(), state: 'waiting', accepted: false, errors: [] });
      t.objectStore('outbox').add({ eventId: event.eventId, revision: event.revision, method: 'POST', body: event, unknown: false });
    });
  }

  /** An amendment: a waiting first report is replaced in the outbox; a sent one gets a PUT after it. */
  function storeAmendment(report, event) {
    return all('outbox').then(function (entries) {
      var pending = entries.filter(function (e) { return e.eventId === report.eventId && e.method === 'POST'; })[0];
      return tx(['reports', 'outbox'], 'readwrite', function (t) {
        report.revision = event.revision;
        report.body = event;
        report.state = 'waiting';
        report.errors = [];
        t.objectStore('reports').put(report);
        if (pending) {
          pending.revision = event.revision;
          pending.body = event;
          t.objectStore('outbox').put(pending);
        } else {
          t.objectStore('outbox').add({ eventId: event.eventId, revision: event.revision,
            method: report.accepted ? 'PUT' : 'POST', body: event, unknown: false });
        }
      });
    });
  }

  function withdraw(report, reason) {
    return all('outbox').then(function (entries) {
      var mine = entries.filter(function (e) { return e.eventId === report.eventId; });
      var neverSent = !report.accepted && mine.every(function (e) { return !e.unknown; });
      return tx(['reports', 'outbox'], 'readwrite', function (t) {
        report.state = neverSent ? 'withdrawn' : 'waiting';
        report.withdrawing = true;
        if (neverSent) {
          // The gateway never heard of it: nothing to send.
          mine.forEach(function (e) { t.objectStore('outbox').delete(e.seq); });
        } else {
          var body = { reason: reason };
          if (localStorage.getItem(KEY.reporter)) { body.reporter = localStorage.getItem(KEY.reporter); }
          t.objectStore('outbox').add({ eventId: report.eventId, revision: report.revision + 1, method: 'DELETE',
            body: body, unknown: false });
        }
        t.objectStore('reports').put(report);
      });
    });
  }

  // --- sending ---------------------------------------------------------------------------------

  /** Sends the outbox in order, stopping at the first request without an answer. */
  function flush() {
    if (flushing || !db || !token()) { return Promise.resolve(); }
    flushing = true;
    var sent = 0;
    function next() {
      return all('outbox').then(function (entries) {
        if (entries.length === 0) { return false; }
        entries.sort(function (a, b) { return a.seq - b.seq; });
        return deliver(entries[0]).then(function (answered) {
          if (answered) { sent++; }
          return answered ? next() : true;
        });
      });
    }
    return next().catch(function () { return true; }).then(function (waiting) {
      flushing = false;
      if (sent > 0 && !waiting && !refusedNow) {
        announce(sent === 1 ? 'Sent.' : sent + ' sent.');
      } else if (waiting && sent === 0 && !tokenRefused) {
        announce('No connection to the gateway: kept on this device, will send when the signal returns.');
      }
      refusedNow = false;
      return render().then(function () { return waiting; });
    });
  }

  function requestOf(entry) {
    if (entry.method === 'DELETE') { return ['DELETE', '/v1/events/' + entry.eventId, entry.body]; }
    // A PUT again after an unknown outcome would be refused (409) if the first one got through;
    // the same eventId and revision POSTed is counted once either way.
    if (entry.method === 'PUT' && !entry.unknown) { return ['PUT', '/v1/events/' + entry.eventId, entry.body]; }
    return ['POST', '/v1/events', entry.body];
  }

  /** One request; true when the gateway answered for good (accepted or refused). */
  function deliver(entry) {
    var r = requestOf(entry);
    return call(r[0], r[1], r[2]).then(function (answer) {
      setConnection(true);
      if (answer.status === 202) {
        return settle(entry, 'sent', [], answer.json).then(function () { return true; });
      }
      tokenRefused = answer.status === 401;
      if (answer.status === 401) {
        announce('The gateway does not accept the token on this device: ' + (errorText(answer.json) || answer.status));
        return markUnknown(entry, false).then(function () { return false; });
      }
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
        var errors = answer.json && answer.json.errors ? answer.json.errors : [{ field: '$', message: 'refused (' + answer.status + ')' }];
        return settle(entry, 'refused', errors, answer.json).then(function () { return true; });
      }
      return markUnknown(entry, true).then(function () { return false; });
    }, function () {
      setConnection(false);
      return markUnknown(entry, true).then(function () { return false; });
    });
  }

  function markUnknown(entry, unknown) {
    return tx(['outbox'], 'readwrite', function (t) {
      entry.unknown = entry.unknown || unknown;
      t.objectStore('outbox').put(entry);
    });
  }

  function settle(entry, outcome, errors, json) {
    return get('reports', entry.eventId).then(function (report) {
      return all('outbox').then(function (entries) {
        var more = entries.some(function (e) { return e.eventId === entry.eventId && e.seq !== entry.seq; });
        return tx(['reports', 'outbox'], 'readwrite', function (t) {
          t.objectStore('outbox').delete(entry.seq);
          if (!report) { return; }
          if (outcome === 'sent') {
            report.accepted = true;
            report.sentRevision = json && json.revision ? json.revision : entry.revision;
            report.revision = Math.max(report.revision, report.sentRevision);
            report.errors = [];
            report.state = entry.method === 'DELETE' ? 'withdrawn' : (more ? 'waiting' : 'sent');
          } else {
            report.errors = errors;
            report.state = entry.method === 'DELETE' ? (report.accepted ? 'sent' : 'refused') : 'refused';
            report.withdrawing = false;
          }
          t.objectStore('reports').put(report);
        });
      });
    }).then(function () {
      if (outcome === 'refused') { refusedNow = true; announce('A report was refused by the gateway: ' + errorText({ errors: errors })); }
    });
  }

  // --- the day's reports -----------------------------------------------------------------------

  function summary(event) {
    var body = event[event.type] || {};
    if (event.type === 'seizure') {
      var parts = (body.drugs || []).map(function (d) {
        return (DRUG_LABELS[d.drug] || d.drug) + ' ' + d.quantity + (d.unit === 'count' ? '' : ' ' + d.unit);
      });
      if (body.cashGbp) { parts.push(money(body.cashGbp) + ' cash'); }
      (body.weapons || []).forEach(function (w) {
        var n = w.count === undefined ? 1 : w.count;
        parts.push(n + ' ' + w.type + (n === 1 ? ' weapon' : ' weapons'));
      });
      if (body.phones) { parts.push(body.phones + (body.phones === 1 ? ' phone' : ' phones')); }
      return parts.join(', ') || 'nothing listed';
    }
    var schema = rules.body(event.type);
    return Object.keys(schema.properties).filter(function (k) {
      return (body[k] === undefined ? schema.properties[k].default : body[k]) !== 0;
    }).map(function (k) {
      return (FIELD_LABELS[event.type + '.' + k] || k) + ': ' + (body[k] === undefined ? schema.properties[k].default : body[k]);
    }).join(', ') || 'none';
  }

  function money(pounds) {
    var n = Number(pounds);
    return n.toLocaleString('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: n % 1 === 0 ? 0 : 2 });
  }

  var STATE_TEXT = { waiting: 'Waiting to be sent', sent: 'Sent', refused: 'Refused', withdrawn: 'Withdrawn' };

  function render() {
    if (!db) { return Promise.resolve(); }
    return Promise.all([all('reports'), all('outbox')]).then(function (res) {
      var reports = res[0].filter(function (r) { return r.day === today(); });
      var waiting = {};
      res[1].forEach(function (e) { waiting[e.eventId] = true; });
      var count = Object.keys(waiting).length;
      var queue = $('queue');
      queue.dataset.waiting = String(count);
      queue.textContent = count === 0 ? 'Nothing waiting to be sent' : count + ' waiting to be sent';
      reports.sort(function (a, b) { return b.savedAt - a.savedAt; });
      var list = $('reports');
      list.textContent = '';
      $('today-empty').hidden = reports.length > 0;
      reports.forEach(function (r) {
        var time = new Date(r.body.occurredAt);
        var li = el('li', { 'data-event-id': r.eventId, 'data-state': r.state, 'data-revision': String(r.revision) }, [
          el('span', { class: 'what', text: (TYPE_LABELS[r.type] || r.type) + ' at ' + pad(time.getHours()) + ':' + pad(time.getMinutes()) }),
          el('span', { class: 'state', text: STATE_TEXT[r.state] || r.state }),
          el('div', { class: 'detail', text: summary(r.body) + (r.revision > 1 ? ' (revision ' + r.revision + ')' : '') })
        ]);
        if (r.errors && r.errors.length) {
          li.appendChild(el('ul', { class: 'errors' }, r.errors.map(function (e) {
            return el('li', { text: e.field + ': ' + e.message });
          })));
        }
        if (r.state !== 'withdrawn' && !r.withdrawing) {
          var label = (TYPE_LABELS[r.type] || r.type) + ' at ' + pad(time.getHours()) + ':' + pad(time.getMinutes());
          var amend = el('button', { type: 'button', class: 'secondary', 'data-action': 'amend', 'aria-label': 'Amend ' + label, text: 'Amend' });
          var remove = el('button', { type: 'button', class: 'secondary', 'data-action': 'withdraw', 'aria-label': 'Withdraw ' + label, text: 'Withdraw' });
          amend.addEventListener('click', function () { openForm(r.type, r); });
          remove.addEventListener('click', function () { askWithdraw(r, label); });
          li.appendChild(el('div', { class: 'row-actions' }, [amend, remove]));
        }
        list.appendChild(li);
      });
    });
  }

  function askWithdraw(report, label) {
    var dialog = $('withdraw-dialog');
    $('withdraw-what').textContent = label + ': ' + summary(report.body);
    dialog.returnValue = '';
    dialog.onclose = function () {
      if (dialog.returnValue !== 'withdraw') { return; }
      var reason = $('withdraw-reason').value;
      if (rules.validateReason(reason).length) { return; }
      withdraw(report, reason).then(function () {
        announce('Withdrawal saved on this device; sending…');
        return render();
      }).then(flush);
    };
    dialog.showModal();
  }

  // --- start -----------------------------------------------------------------------------------

  function start() {
    $('setup-form').addEventListener('submit', saveSetup);
    $('change-setup').addEventListener('click', function () { showSetup(''); $('token').focus(); });
    $('operation').addEventListener('change', function () {
      localStorage.setItem(KEY.operation, $('operation').value);
      showDates();
    });
    $('report-form').addEventListener('submit', send);
    $('cancel').addEventListener('click', function () { closeForm(); $('types').querySelector('button').focus(); });
    window.addEventListener('online', function () { setConnection(true); flush(); });
    window.addEventListener('offline', function () { setConnection(false); });
    setInterval(function () {
      if ($('queue').dataset.waiting !== '0') { flush(); }
    }, RETRY_MS);
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('sw.js', { scope: './' }).catch(function () {
        // Without a worker the app still works while it is open; it only cannot open without signal.
      });
    }
    setConnection(navigator.onLine);
    Promise.all([loadRules(), openDb().then(function (d) { db = d; })]).then(function () {
      renderTypes();
      if (!token()) {
        renderOperations();
        showSetup('');
      } else {
        renderOperations();
      }
      return render();
    }).then(function () {
      document.body.dataset.ready = 'true';
      return loadOperations();
    }).then(flush).catch(function (e) {
      announce(e && e.message ? e.message : 'The app could not start.');
    });
  }

  // For the browser test and for support: the same checks the form runs.
  window.countline = { validate: function (event, op) { return rules.validateEvent(event, op); }, flush: flush };

  start();
}());
