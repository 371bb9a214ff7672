/*
 * Countline control room dashboard: no framework, no build step, nothing loaded from the internet.
 *
 * Data flow: GET api/operations fills the picker; then an EventSource on
 * api/operations/{id}/stream delivers a "snapshot" event (everything the page shows) followed by
 * one event per totals change ("national", "region", "force", "daily") and "operation" /
 * "reference" when those records change. The browser reconnects by itself when the stream drops;
 * when it gives up (an HTTP error while the server restarts), this script opens a new one.
 */
(function () {
  'use strict';

  // ---- figures ----

  var number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
  var pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
  var numberCompact = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });

  function count(v) { return number.format(v || 0); }
  function money(v) { return pounds.format(Math.round(v || 0)); }
  function grams(v) {
    v = v || 0;
    return v >= 1000 ? number.format(v / 1000) + ' kg' : number.format(v) + ' g';
  }

  function safeguarded(t) { return t.safeguarding.adults + t.safeguarding.children; }
  function engaged(t) { return t.engagement.children + t.engagement.adults; }

  /** The eight headline figures: tile, chart and (most of them) a table column each. */
  var HEADLINES = [
    { id: 'arrests', label: 'Arrests', column: 'Arrests', get: function (t) { return t.arrests; },
      detail: function (t) { return count(t.charged) + ' charged · ' + count(t.remanded) + ' remanded'; } },
    { id: 'warrants', label: 'Warrants executed', column: 'Warrants', get: function (t) { return t.warrants; },
      detail: function (t) { return count(t.vehicleStops) + ' vehicles stopped'; } },
    { id: 'drugs', label: 'Drugs (street value)', chart: 'Drugs value', column: 'Drugs', money: true,
      get: function (t) { return t.drugs.valueGbp; },
      detail: function (t) {
        var classA = t.drugs.cocaine_g + t.drugs.crack_cocaine_g + t.drugs.heroin_g;
        return grams(classA) + ' class A · ' + count(t.drugs.class_a_wraps) + ' wraps';
      } },
    { id: 'cash', label: 'Cash seized', column: 'Cash', money: true, get: function (t) { return t.cashGbp; },
      detail: function (t) { return count(t.phones) + ' phones seized'; } },
    { id: 'weapons', label: 'Weapons seized', column: 'Weapons', get: function (t) { return t.weapons.total; },
      detail: function (t) {
        return count(t.weapons.bladed) + ' bladed · ' + count(t.weapons.firearm) + ' firearms · ' + count(t.weapons.other) + ' other';
      } },
    { id: 'deal-lines', label: 'Deal lines closed', column: 'Lines', get: function (t) { return t.dealLinesClosed; },
      detail: function (t) { return count(t.events) + ' live reports in all'; } },
    { id: 'safeguarded', label: 'People safeguarded', column: 'Safeguarded', get: safeguarded,
      detail: function (t) {
        return count(t.safeguarding.children) + ' children · ' + count(t.safeguarding.adults) + ' adults · '
          + count(t.safeguarding.nrmReferrals) + ' NRM';
      } },
    { id: 'engagement', label: 'People engaged', column: 'Engaged', get: engaged,
      detail: function (t) { return count(t.engagement.schools) + ' schools · ' + count(t.engagement.partners) + ' partners'; } }
  ];

  var TABLE_FIGURES = HEADLINES.filter(function (h) { return h.id !== 'engagement'; });

  function show(h, v) { return h.money ? money(v) : count(v); }
  /**
   * How a chart writes the values above its bars, short enough not to run into each other: money
   * in thousands or millions of pounds (the caption says which), counts above 999 as 5.5K.
   */
  function chartScale(h, max) {
    if (h.money) {
      var millions = max >= 1000000;
      var divisor = millions ? 1000000 : 1000;
      var digits = millions || max < 10000 ? 1 : 0;
      return {
        unit: millions ? '£m' : '£000',
        format: function (v) {
          return v === 0 ? '0' : new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v / divisor);
        }
      };
    }
    return { unit: null, format: function (v) { return v >= 1000 ? numberCompact.format(v) : count(v); } };
  }

  /** "Kent Police" reads as "Kent" in a table; the full name stays in the cell's title. */
  function shortForceName(name) {
    return name.replace(/ (Constabulary|Police Service|Police)$/, '');
  }

  var ZERO = {
    events: 0, arrests: 0, charged: 0, remanded: 0, warrants: 0, vehicleStops: 0,
    drugs: { valueGbp: 0, cocaine_g: 0, crack_cocaine_g: 0, heroin_g: 0, cannabis_g: 0, cannabis_plants: 0, class_a_wraps: 0, other_g: 0 },
    cashGbp: 0, weapons: { total: 0, firearm: 0, bladed: 0, other: 0 }, phones: 0, dealLinesClosed: 0,
    safeguarding: { adults: 0, children: 0, nrmReferrals: 0, cuckooVisits: 0 },
    engagement: { schools: 0, children: 0, adults: 0, partners: 0 },
    updatedAt: null
  };

  // ---- state ----

  var state = {
    operations: [],
    operationId: null,
    operation: null,
    national: ZERO,
    regions: {},
    forces: {},
    daily: { days: [], national: {}, forces: {} },
    reference: { regions: [], forces: [] },
    sort: {
      regions: { key: 'arrests', dir: 'descending' },
      forces: { key: 'arrests', dir: 'descending' }
    },
    changed: { tiles: {}, regions: {}, forces: {} }
  };

  var source = null;
  var retryTimer = null;
  var retryDelay = 1000;
  var renderQueued = false;
  var refit = false;
  var el = {};

  // ---- start ----

  document.addEventListener('DOMContentLoaded', function () {
    ['tiles', 'charts', 'charts-note', 'operation-picker', 'operation-meta', 'connection-text', 'last-update',
      'last-update-age', 'banner', 'regions-table', 'forces-table'].forEach(function (id) {
      el[id] = document.getElementById(id);
    });
    buildTiles();
    buildTable(el['regions-table'], 'regions', 'Region');
    buildTable(el['forces-table'], 'forces', 'Force');
    el['operation-picker'].addEventListener('change', function () { select(el['operation-picker'].value); });
    setInterval(showAge, 1000);
    window.addEventListener('resize', function () {
      refit = true; // tiles changed width: the figures' sizes must be fitted again
      queueRender();
    });
    setInterval(loadOperations, 30000);
    loadOperations();
  });

  function loadOperations() {
    return fetch('api/operations', { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (operations) {
        var changed = JSON.stringify(operations) !== JSON.stringify(state.operations);
        state.operations = operations;
        if (changed) { fillPicker(); }
        if (operations.length === 0) {
          setBanner('No operations yet. Create one with: ./countline operation create --id ID --name NAME --start YYYY-MM-DD --end YYYY-MM-DD');
          el['operation-meta'].textContent = 'No operation';
          setConnection('connecting', 'Waiting for an operation…');
          setTimeout(loadOperations, 5000);
          return;
        }
        if (!state.operationId || !operations.some(function (o) { return o.id === state.operationId; })) {
          select(initialOperation(operations));
        }
      })
      .catch(function () {
        if (!state.operationId) {
          setConnection('reconnecting', 'Reconnecting…');
          setTimeout(loadOperations, 3000);
        }
      });
  }

  /** The one named in the address (?operation=ID), else the open one that started last, else the latest. */
  function initialOperation(operations) {
    var wanted = new URLSearchParams(window.location.search).get('operation');
    if (wanted && operations.some(function (o) { return o.id === wanted; })) { return wanted; }
    var open = operations.filter(function (o) { return o.status === 'open'; });
    return (open[0] || operations[0]).id;
  }

  function fillPicker() {
    var picker = el['operation-picker'];
    var keep = state.operationId;
    picker.textContent = '';
    state.operations.forEach(function (o) {
      var option = document.createElement('option');
      option.value = o.id;
      option.textContent = o.name + (o.start ? ' (' + dateRange(o) + ')' : '');
      picker.appendChild(option);
    });
    picker.disabled = state.operations.length === 0;
    if (keep) { picker.value = keep; }
  }

  function select(id) {
    if (!id) { return; }
    state.operationId = id;
    el['operation-picker'].value = id;
    var url = new URL(window.location.href);
    url.searchParams.set('operation', id);
    window.history.replaceState(null, '', url);
    state.operation = state.operations.filter(function (o) { return o.id === id; })[0] || null;
    state.national = ZERO;
    state.regions = {};
    state.forces = {};
    state.daily = { days: [], national: {}, forces: {} };
    state.changed = { tiles: {}, regions: {}, forces: {} };
    render();
    connect();
  }

  // ---- the stream ----

  function connect() {
    if (source) { source.close(); }
    clearTimeout(retryTimer);
    var id = state.operationId;
    setConnection(document.body.dataset.connection === 'live' ? 'reconnecting' : 'connecting');
    var es = new EventSource('api/operations/' + encodeURIComponent(id) + '/stream');
    source = es;

    es.addEventListener('snapshot', function (e) {
      var s = JSON.parse(e.data);
      state.operation = s.operation;
      state.national = s.national;
      state.regions = s.regions;
      state.forces = s.forces;
      state.daily = s.daily;
      state.reference = s.reference;
      retryDelay = 1000;
      setConnection('live');
      setBanner(null);
      render();
    });
    on(es, 'national', function (d) {
      markTiles(state.national, d.totals);
      state.national = d.totals || ZERO;
    });
    on(es, 'region', function (d) { put(state.regions, d.region, d.totals); state.changed.regions[d.region] = true; });
    on(es, 'force', function (d) { put(state.forces, d.force, d.totals); state.changed.forces[d.force] = true; });
    on(es, 'daily', function (d) {
      var byDay = state.daily.forces[d.force] || (state.daily.forces[d.force] = {});
      put(byDay, d.day, d.totals);
      state.daily.national[d.day] = d.national;
      if (state.daily.days.indexOf(d.day) < 0) {
        state.daily.days.push(d.day);
        state.daily.days.sort();
      }
    });
    on(es, 'operation', function (d) {
      state.operation = d.operation;
      state.operations = state.operations.map(function (o) { return o.id === d.operation.id ? d.operation : o; });
    });
    on(es, 'reference', function (d) { state.reference = d; });

    es.onerror = function () {
      if (source !== es) { return; }
      setConnection('reconnecting');
      setBanner('Connection to the control room lost: reconnecting. The figures shown may be out of date.');
      if (es.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error during a restart): try again, backing off to 10 s.
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 10000);
      }
    };
  }

  function on(es, name, apply) {
    es.addEventListener(name, function (e) {
      apply(JSON.parse(e.data));
      queueRender();
    });
  }

  function put(map, key, value) {
    if (value) { map[key] = value; } else { delete map[key]; }
  }

  // ---- rendering ----

  function queueRender() {
    if (!renderQueued) {
      renderQueued = true;
      window.requestAnimationFrame(function () {
        renderQueued = false;
        render();
      });
    }
  }

  function render() {
    renderOperation();
    renderTiles();
    renderTable('regions');
    renderTable('forces');
    renderCharts();
    renderLastUpdate();
    state.changed = { tiles: {}, regions: {}, forces: {} };
  }

  function renderOperation() {
    var o = state.operation;
    var meta = el['operation-meta'];
    meta.textContent = '';
    if (!o) { meta.textContent = 'Loading…'; return; }
    var name = document.createElement('strong');
    name.textContent = o.name;
    meta.appendChild(name);
    if (o.start) { meta.appendChild(document.createTextNode(' · ' + dateRange(o))); }
    if (o.status) {
      var tag = document.createElement('span');
      tag.className = 'status-tag ' + o.status;
      tag.textContent = o.status;
      meta.appendChild(tag);
    }
  }

  function buildTiles() {
    HEADLINES.forEach(function (h) {
      var li = document.createElement('li');
      li.className = 'tile';
      li.dataset.figure = h.id;
      var label = document.createElement('span');
      label.className = 'tile-label';
      label.id = 'tile-label-' + h.id;
      label.textContent = h.label;
      var value = document.createElement('output');
      value.className = 'tile-value';
      value.setAttribute('aria-labelledby', label.id);
      value.setAttribute('aria-live', 'polite');
      value.setAttribute('aria-atomic', 'true');
      value.textContent = '–';
      var detail = document.createElement('span');
      detail.className = 'tile-detail';
      li.appendChild(label);
      li.appendChild(value);
      li.appendChild(detail);
      el.tiles.appendChild(li);
    });
  }

  function markTiles(before, after) {
    if (!before || !after) { return; }
    HEADLINES.forEach(function (h) {
      if (h.get(before) !== h.get(after)) { state.changed.tiles[h.id] = true; }
    });
  }

  function renderTiles() {
    var t = state.national || ZERO;
    HEADLINES.forEach(function (h) {
      var li = el.tiles.querySelector('[data-figure="' + h.id + '"]');
      var value = li.querySelector('.tile-value');
      var v = h.get(t);
      var text = show(h, v);
      if (value.textContent !== text || refit) {
        value.textContent = text;
        value.dataset.value = String(v);
        fit(value);
      }
      li.querySelector('.tile-detail').textContent = h.detail(t);
      if (state.changed.tiles[h.id]) { flash(li); }
    });
    refit = false;
  }

  /** Shrinks a figure until it fits its tile (long money figures); never below 24px. */
  function fit(node) {
    node.style.fontSize = '';
    var size = parseFloat(window.getComputedStyle(node).fontSize);
    while (node.scrollWidth > node.clientWidth && size > 24) {
      size -= 2;
      node.style.fontSize = size + 'px';
    }
  }

  function flash(node) {
    node.classList.remove('changed');
    void node.offsetWidth; // restart the animation
    node.classList.add('changed');
  }

  // ---- tables ----

  function buildTable(table, kind, firstLabel) {
    var thead = document.createElement('thead');
    var row = document.createElement('tr');
    var columns = [{ key: 'name', column: firstLabel }].concat(TABLE_FIGURES.map(function (h) {
      return { key: h.id, column: h.column, title: h.label };
    }));
    columns.forEach(function (c) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.dataset.key = c.key;
      var button = document.createElement('button');
      button.type = 'button';
      button.dataset.sort = c.key;
      if (c.title) { button.title = 'Sort by ' + c.title.toLowerCase(); }
      var label = document.createElement('span');
      label.textContent = c.column;
      var mark = document.createElement('span');
      mark.className = 'sort-mark';
      mark.setAttribute('aria-hidden', 'true');
      button.appendChild(mark);
      button.appendChild(label);
      button.addEventListener('click', function () { sortBy(kind, c.key); });
      th.appendChild(button);
      row.appendChild(th);
    });
    thead.appendChild(row);
    table.appendChild(thead);
    table.appendChild(document.createElement('tbody'));
    table.appendChild(document.createElement('tfoot'));
  }

  function sortBy(kind, key) {
    var sort = state.sort[kind];
    if (sort.key === key) {
      sort.dir = sort.dir === 'ascending' ? 'descending' : 'ascending';
    } else {
      sort.key = key;
      sort.dir = key === 'name' ? 'ascending' : 'descending';
    }
    renderTable(kind);
  }

  function rowsOf(kind) {
    var rows = [];
    var seen = {};
    var regionNames = {};
    state.reference.regions.forEach(function (r) { regionNames[r.code] = r.name; });
    if (kind === 'regions') {
      state.reference.regions.forEach(function (r) {
        seen[r.code] = true;
        rows.push({ code: r.code, name: r.name, totals: state.regions[r.code] });
      });
      Object.keys(state.regions).forEach(function (code) {
        if (!seen[code]) { rows.push({ code: code, name: code, totals: state.regions[code] }); }
      });
    } else {
      state.reference.forces.forEach(function (f) {
        seen[f.code] = true;
        rows.push({ code: f.code, name: shortForceName(f.name), title: f.name + ', ' + f.regionName, totals: state.forces[f.code] });
      });
      Object.keys(state.forces).forEach(function (code) {
        if (!seen[code]) { rows.push({ code: code, name: code, totals: state.forces[code] }); }
      });
    }
    return rows;
  }

  function renderTable(kind) {
    var table = el[kind + '-table'];
    var sort = state.sort[kind];
    var figure = HEADLINES.filter(function (h) { return h.id === sort.key; })[0];
    var rows = rowsOf(kind);
    rows.sort(function (a, b) {
      var c;
      if (figure) {
        c = figure.get(a.totals || ZERO) - figure.get(b.totals || ZERO);
        if (c === 0) { c = a.name.localeCompare(b.name, 'en-GB'); return c; }
      } else {
        c = a.name.localeCompare(b.name, 'en-GB');
      }
      return sort.dir === 'ascending' ? c : -c;
    });

    table.querySelectorAll('thead th').forEach(function (th) {
      var active = th.dataset.key === sort.key;
      if (active) { th.setAttribute('aria-sort', sort.dir); } else { th.removeAttribute('aria-sort'); }
      th.querySelector('.sort-mark').textContent = active ? (sort.dir === 'ascending' ? '▲' : '▼') : '';
    });
    var by = figure ? figure.label.toLowerCase() : 'name';
    document.getElementById(kind + '-caption').textContent =
      (kind === 'regions' ? 'Regions' : 'Forces') + ', sorted by ' + by + ', ' + sort.dir
      + '. Activate a column heading to sort by it.';

    var tbody = table.tBodies[0];
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.dataset.code = r.code;
      if (!r.totals) { tr.className = 'quiet'; }
      if (state.changed[kind][r.code]) { tr.classList.add('changed'); }
      var name = document.createElement('th');
      name.scope = 'row';
      name.textContent = r.name;
      if (r.title) { name.title = r.title; }
      tr.appendChild(name);
      TABLE_FIGURES.forEach(function (h) {
        var td = document.createElement('td');
        td.textContent = r.totals ? show(h, h.get(r.totals)) : '–';
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    });
    tbody.textContent = '';
    tbody.appendChild(fragment);

    var tfoot = table.tFoot;
    tfoot.textContent = '';
    var total = document.createElement('tr');
    var label = document.createElement('td');
    label.textContent = 'England and Wales';
    total.appendChild(label);
    TABLE_FIGURES.forEach(function (h) {
      var td = document.createElement('td');
      td.textContent = show(h, h.get(state.national || ZERO));
      total.appendChild(td);
    });
    tfoot.appendChild(total);
  }

  // ---- charts (SVG, drawn here) ----

  var SVG = 'http://www.w3.org/2000/svg';
  var TOP = 22, BOTTOM = 42, SIDE = 2;

  function renderCharts() {
    var days = state.daily.days || [];
    var today = todayIn(state.operation && state.operation.timeZone);
    el['charts-note'].textContent = days.length ? '· ' + shortDay(days[0]) + ' to ' + shortDay(days[days.length - 1]) : '';
    var box = el.charts;
    if (box.children.length !== HEADLINES.length) {
      box.textContent = '';
      HEADLINES.forEach(function (h) {
        var figure = document.createElement('figure');
        figure.className = 'chart';
        figure.dataset.figure = h.id;
        var caption = document.createElement('figcaption');
        caption.textContent = h.chart || h.label;
        caption.id = 'chart-caption-' + h.id;
        var svg = document.createElementNS(SVG, 'svg');
        svg.setAttribute('role', 'img');
        figure.appendChild(caption);
        figure.appendChild(svg);
        box.appendChild(figure);
      });
    }
    HEADLINES.forEach(function (h, i) {
      drawChart(box.children[i].querySelector('svg'), h, days, today);
    });
  }

  /** A bar per day, drawn in the SVG's own pixels so that text keeps its size at any width. */
  function drawChart(svg, h, days, today) {
    var W = Math.round(svg.clientWidth) || 300;
    var H = Math.round(svg.clientHeight) || 180;
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.textContent = '';
    var values = days.map(function (d) { return h.get(state.daily.national[d] || ZERO); });
    var max = Math.max.apply(null, values.concat([1]));
    var n = Math.max(days.length, 1);
    var slot = (W - 2 * SIDE) / n;
    var barWidth = Math.min(slot * 0.7, 56);
    var plot = Math.max(H - TOP - BOTTOM, 10);
    var description = [];
    var scale = chartScale(h, max);
    var labels = values.map(scale.format);
    var caption = svg.parentNode.querySelector('figcaption');
    caption.textContent = (h.chart || h.label) + (scale.unit ? ', ' + scale.unit : '');
    var longest = Math.max.apply(null, labels.map(function (l) { return l.length; }).concat([1]));
    // Labels must not run into their neighbours: about 0.62 em a character of bold figures.
    var labelSize = Math.max(10, Math.min(15, (slot - 2) / (longest * 0.62)));
    var daySize = Math.max(10, Math.min(14, (slot - 2) / (3 * 0.62)));

    days.forEach(function (d, i) {
      var v = values[i];
      var x = SIDE + slot * i + (slot - barWidth) / 2;
      var middle = x + barWidth / 2;
      var height = v > 0 ? Math.max(2, plot * v / max) : 0;
      var y = TOP + plot - height;
      var isToday = d === today;
      // Days still to come have no figure yet, which is not the same as a figure of 0.
      var future = today !== null && d > today && v === 0;
      var dayClass = 'day' + (isToday ? ' today' : '');
      var bar = node('rect', { x: x, y: y, width: barWidth, height: height, rx: 2, 'class': 'bar' + (isToday ? ' today' : '') });
      var tip = node('title', {});
      tip.textContent = longDay(d) + (isToday ? ' (today)' : '') + ': ' + (future ? 'still to come' : show(h, v));
      bar.appendChild(tip);
      svg.appendChild(bar);
      if (!future) {
        var label = node('text', { x: middle, y: y - 5, 'class': 'value', style: 'font-size:' + labelSize.toFixed(1) + 'px' });
        label.textContent = labels[i];
        svg.appendChild(label);
      }
      var dayStyle = 'font-size:' + daySize.toFixed(1) + 'px';
      var dayName = node('text', { x: middle, y: TOP + plot + daySize + 4, 'class': dayClass, style: dayStyle });
      dayName.textContent = weekday(d);
      svg.appendChild(dayName);
      var date = node('text', { x: middle, y: TOP + plot + 2 * daySize + 7, 'class': dayClass, style: dayStyle });
      date.textContent = asDate(d).getUTCDate();
      svg.appendChild(date);
      if (isToday) {
        // Today is marked by more than its colour: a rule under its date.
        var underline = TOP + plot + 2 * daySize + 10;
        svg.appendChild(node('line', { x1: middle - daySize, x2: middle + daySize, y1: underline, y2: underline, 'class': 'today-rule' }));
      }
      description.push(longDay(d) + (isToday ? ' (today)' : '') + ' ' + (future ? 'still to come' : show(h, v)));
    });
    svg.appendChild(node('line', { x1: 0, x2: W, y1: TOP + plot + 0.5, y2: TOP + plot + 0.5, 'class': 'axis' }));
    svg.setAttribute('aria-label', h.label + ' by day: ' + (description.length ? description.join('; ') : 'no days yet'));
  }

  function node(name, attributes) {
    var n = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (k) { n.setAttribute(k, attributes[k]); });
    return n;
  }

  // ---- time ----

  function lastUpdateMillis() {
    var t = state.national && state.national.updatedAt;
    return t ? Date.parse(t) : null;
  }

  function renderLastUpdate() {
    var millis = lastUpdateMillis();
    var time = el['last-update'];
    if (millis === null) {
      time.textContent = 'no reports yet';
      time.removeAttribute('datetime');
    } else {
      time.dateTime = new Date(millis).toISOString();
      time.textContent = new Intl.DateTimeFormat('en-GB', {
        weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit',
        timeZone: zone()
      }).format(new Date(millis));
    }
    showAge();
  }

  function showAge() {
    var millis = lastUpdateMillis();
    var age = el['last-update-age'];
    if (!age) { return; }
    if (millis === null) { age.textContent = ''; return; }
    var seconds = Math.max(0, Math.round((Date.now() - millis) / 1000));
    var text;
    if (seconds < 60) { text = seconds + ' s ago'; }
    else if (seconds < 3600) { text = Math.floor(seconds / 60) + ' min ago'; }
    else if (seconds < 172800) { text = Math.floor(seconds / 3600) + ' h ago'; }
    else { text = Math.floor(seconds / 86400) + ' days ago'; }
    age.textContent = '(' + text + ')';
  }

  function zone() { return (state.operation && state.operation.timeZone) || 'Europe/London'; }

  function todayIn(timeZone) {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || 'Europe/London' }).format(new Date());
    } catch (e) {
      return null;
    }
  }

  function asDate(day) { return new Date(day + 'T12:00:00Z'); }
  function weekday(day) { return new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' }).format(asDate(day)); }
  function dayOfMonth(day) { return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(asDate(day)); }
  function shortDay(day) { return weekday(day) + ' ' + dayOfMonth(day); }
  function longDay(day) {
    return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(asDate(day));
  }

  function dateRange(o) {
    var year = { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' };
    var start = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(asDate(o.start));
    return start + ' – ' + new Intl.DateTimeFormat('en-GB', year).format(asDate(o.end));
  }

  // ---- status ----

  var CONNECTION_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

  function setConnection(connection, text) {
    document.body.dataset.connection = connection;
    el['connection-text'].textContent = text || CONNECTION_TEXT[connection];
  }

  function setBanner(text) {
    var banner = el.banner;
    if (text) {
      banner.textContent = text;
      banner.hidden = false;
    } else {
      banner.hidden = true;
      banner.textContent = '';
    }
  }
})();
