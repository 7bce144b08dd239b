// The dashboard page: the starting state from /dashboard/api/state, then every event of the
// live stream applied with the same view model the server tests (window.CutoverView).
// Every text reaches the DOM through textContent or setAttribute, never as markup.
(function () {
  'use strict';
  var View = window.CutoverView;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var CHART = { width: 300, height: 80, strip: 8 };

  var view = null;
  var pending = [];
  var renderQueued = false;
  // With api.tokens on, the page is opened as /dashboard?access_token=TOKEN; the token rides
  // along in the query because EventSource and links cannot send an Authorization header.
  var accessToken = new URLSearchParams(window.location.search).get('access_token');

  function withToken(path) {
    return accessToken ? path + '?access_token=' + encodeURIComponent(accessToken) : path;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    (children || []).forEach(function (c) {
      node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    return node;
  }

  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
  }

  function clock(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour12: false });
  }

  function seconds(fromIso, toIso) {
    return '+' + ((Date.parse(toIso) - Date.parse(fromIso)) / 1000).toFixed(1) + ' s';
  }

  function setConnection(state, text) {
    var node = document.getElementById('connection');
    node.setAttribute('data-state', state);
    node.textContent = text;
  }

  function colorBadge(color, text) {
    return el('span', { class: 'badge', 'data-color': color || '' }, [text]);
  }

  function healthText(state) {
    return el('span', { class: 'state', 'data-state': state || 'unknown' }, [state || '—']);
  }

  function colorsTable(service) {
    var rows = ['blue', 'green'].map(function (c) {
      var color = service.colors[c];
      var role = service.liveColor === c ? 'live' : service.liveColor ? 'idle' : '—';
      return el('tr', { 'data-color': c, 'data-role': role }, [
        el('td', {}, [colorBadge(c, c)]),
        el('td', { class: 'role' }, [role]),
        el('td', { class: 'version' }, [color.version || '—']),
        el('td', { class: 'status' }, [color.status || '—']),
        el('td', {}, [healthText(color.health)]),
      ]);
    });
    var head = el('tr', {}, ['color', 'role', 'version', 'environment', 'health'].map(function (h) {
      return el('th', {}, [h]);
    }));
    return el('table', { class: 'colors' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
  }

  function timeline(deployment) {
    if (!deployment) return el('p', { class: 'muted' }, ['No deployment yet.']);
    var steps = deployment.history.map(function (h, i) {
      var last = i === deployment.history.length - 1;
      return el('li', { 'data-phase': h.phase, class: last ? 'current' : '', title: h.reason }, [
        h.phase + ' ',
        el('span', { class: 'muted' }, [seconds(deployment.createdAt, h.at)]),
      ]);
    });
    return el('div', { class: 'deployment', 'data-deployment': deployment.id, 'data-phase': deployment.phase }, [
      el('h3', {}, [
        'Deployment ' + deployment.version + ' → ',
        colorBadge(deployment.toColor, deployment.toColor),
        ' ',
        el('span', { class: 'phase' }, [deployment.phase]),
      ]),
      el('ol', { class: 'timeline' }, steps),
      el('p', { class: 'muted message' }, [deployment.message]),
    ]);
  }

  function chart(service, c) {
    var color = service.colors[c];
    var points = color.points;
    var box = svg('svg', { viewBox: '0 0 ' + CHART.width + ' ' + CHART.height, role: 'img', 'aria-label': c + ' health' });
    var slot = CHART.width / View.LIMITS.points;
    var max = points.reduce(function (m, p) {
      return p.latencyMs === null ? m : Math.max(m, p.latencyMs);
    }, 10);
    var plotHeight = CHART.height - CHART.strip - 14;
    var segment = [];
    function flush() {
      if (segment.length > 1) box.append(svg('polyline', { class: 'latency', points: segment.join(' ') }));
      segment = [];
    }
    points.forEach(function (p, i) {
      var x = i * slot;
      box.append(svg('rect', { x: x.toFixed(1), y: CHART.height - CHART.strip, width: Math.max(slot - 0.5, 0.5).toFixed(1), height: CHART.strip, 'data-state': p.state }));
      if (p.latencyMs === null) return flush();
      var y = 12 + plotHeight - (p.latencyMs / max) * plotHeight;
      segment.push((x + slot / 2).toFixed(1) + ',' + y.toFixed(1));
    });
    flush();
    var label = svg('text', { class: 'axis', x: 2, y: 9 });
    label.textContent = 'probe latency, max ' + Math.round(max) + ' ms';
    box.append(label);
    var caption = el('figcaption', {}, [c + ' ' + (color.version || '') + ' · ', healthText(color.health)]);
    return el('figure', { class: 'chart', 'data-color': c, 'data-points': points.length }, [caption, box]);
  }

  function rolledBack(service) {
    if (!service.rolledBack.length) return el('div', {});
    return el('ul', { class: 'rolled-back' }, service.rolledBack.map(function (r) {
      var link = el('a', { class: 'diagnostics', href: withToken('/dashboard/api/diagnostics/' + encodeURIComponent(r.deploymentId)), 'data-deployment': r.deploymentId }, [
        'diagnostics of ' + r.deploymentId,
      ]);
      return el('li', {}, ['rolled back ' + r.version + ' at ' + clock(r.at) + ': ', link]);
    }));
  }

  function serviceCard(service) {
    var live = service.liveColor
      ? el('span', { class: 'live', 'data-color': service.liveColor }, ['live ', colorBadge(service.liveColor, service.liveColor), ' ' + (service.liveVersion || '')])
      : el('span', { class: 'live muted', 'data-color': '' }, ['nothing live']);
    return el('article', { class: 'service', 'data-service': service.service }, [
      el('h2', {}, [service.service, live]),
      colorsTable(service),
      timeline(service.deployment),
      el('div', { class: 'charts' }, [chart(service, 'blue'), chart(service, 'green')]),
      rolledBack(service),
    ]);
  }

  function eventItem(item) {
    return el('li', { 'data-kind': item.kind, 'data-level': item.level }, [
      el('time', { datetime: item.at }, [clock(item.at)]),
      el('strong', {}, [item.service + ' ']),
      item.text,
    ]);
  }

  function render() {
    renderQueued = false;
    if (!view) return;
    var names = Object.keys(view.services).sort();
    var services = document.getElementById('services');
    services.replaceChildren.apply(services, names.length ? names.map(function (n) {
      return serviceCard(view.services[n]);
    }) : [el('p', { class: 'empty' }, ['No services yet.'])]);
    var events = document.getElementById('events');
    events.replaceChildren.apply(events, view.events.map(eventItem));
  }

  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    // A burst of snapshots draws once.
    setTimeout(render, 100);
  }

  function loadState() {
    view = null;
    pending = [];
    fetch(withToken('/dashboard/api/state'), { cache: 'no-store' })
      .then(function (res) {
        if (!res.ok) throw new Error('state: HTTP ' + res.status);
        return res.json();
      })
      .then(function (state) {
        // Events that arrived while the state was on its way are applied on top of it.
        pending.forEach(function (e) {
          View.applyEvent(state, e);
        });
        pending = [];
        view = state;
        setConnection('live', 'live');
        scheduleRender();
      })
      .catch(function (err) {
        setConnection('error', 'cannot load state: ' + err.message);
      });
  }

  function connect() {
    var stream = new EventSource(withToken('/dashboard/api/events'));
    stream.onopen = loadState;
    stream.onmessage = function (msg) {
      var event = JSON.parse(msg.data);
      if (!view) return pending.push(event);
      View.applyEvent(view, event);
      scheduleRender();
    };
    stream.onerror = function () {
      setConnection('reconnecting', 'reconnecting…');
    };
  }

  connect();
})();
