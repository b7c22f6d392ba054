// The browser chat's page, style sheet and script, embedded as strings so the bundled CLI needs no asset files.

/** Served at `/`. No inline script or style: the Content-Security-Policy allows only these same-origin files. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kubetalk chat — simulator</title>
<link rel="stylesheet" href="/chat.css">
<script src="/chat.js" defer></script>
</head>
<body>
<header class="bar">
  <div class="title">kubetalk <span class="badge" title="Not DingTalk: a local simulator driving the same DingTalk double as kubetalk chat">simulator</span></div>
  <div class="who" id="who" data-testid="identity"></div>
</header>
<main id="log" class="log" aria-live="polite" data-testid="log"></main>
<form id="composer" class="composer" autocomplete="off">
  <input id="text" name="text" maxlength="2000" placeholder="Type a message, e.g. scale web 3 — /help for simulator commands" aria-label="message" data-testid="input">
  <button type="submit">Send</button>
</form>
</body>
</html>
`;

export const PAGE_CSS = `:root { --bg:#f2f3f5; --bubble:#fff; --mine:#d2e6ff; --ink:#171a1d; --dim:#8f959e; --blue:#0089ff; --code:#f5f6f7; --bad:#d4380d; }
* { box-sizing: border-box; }
body { margin:0; height:100vh; display:flex; flex-direction:column; background:var(--bg); color:var(--ink);
  font: 14px/1.55 -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "Segoe UI", sans-serif; }
.bar { display:flex; justify-content:space-between; align-items:center; padding:10px 16px; background:#fff; border-bottom:1px solid #e5e6eb; }
.title { font-weight:600; font-size:16px; }
.badge { font-size:11px; font-weight:600; color:#fff; background:#ff8800; border-radius:4px; padding:1px 6px; margin-left:6px; vertical-align:2px; }
.who { color:var(--dim); font-size:12px; }
.log { flex:1; overflow-y:auto; padding:16px; }
.row { display:flex; margin:10px 0; gap:8px; }
.row.mine { flex-direction:row-reverse; }
.avatar { width:32px; height:32px; border-radius:50%; background:var(--blue); color:#fff; font-size:12px; display:flex; align-items:center; justify-content:center; flex:none; }
.row.mine .avatar { background:#7a869a; }
.stack { max-width:min(680px, 80%); }
.meta { color:var(--dim); font-size:12px; margin:0 2px 2px; }
.row.mine .meta { text-align:right; }
.bubble { background:var(--bubble); border-radius:8px; padding:8px 12px; overflow-wrap:anywhere; box-shadow:0 1px 1px rgba(0,0,0,.04); }
.row.mine .bubble { background:var(--mine); white-space:pre-wrap; }
.bubble h1, .bubble h2, .bubble h3, .bubble h4, .bubble h5, .bubble h6 { margin:4px 0; line-height:1.35; }
.bubble h1 { font-size:20px; } .bubble h2 { font-size:18px; } .bubble h3 { font-size:16px; } .bubble h4, .bubble h5, .bubble h6 { font-size:14px; }
.bubble p { margin:4px 0; }
.bubble ul, .bubble ol { margin:4px 0; padding-left:20px; }
.bubble blockquote { margin:4px 0; padding-left:8px; border-left:3px solid #dee0e3; color:#646a73; }
.bubble hr { border:none; border-top:1px solid #dee0e3; margin:8px 0; }
.bubble code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size:12.5px; background:var(--code); border-radius:3px; padding:0 3px; }
.bubble pre { background:var(--code); border-radius:4px; padding:6px 8px; overflow-x:auto; margin:4px 0; }
.bubble pre code { padding:0; background:none; white-space:pre; }
.bubble a { color:var(--blue); text-decoration:none; }
.mention { color:var(--blue); }
.notice { text-align:center; color:var(--dim); font-size:12px; margin:10px 0; white-space:pre-wrap; }
.notice.error { color:var(--bad); }
.warn { color:var(--bad); font-size:12px; margin-top:4px; }
.composer { display:flex; gap:8px; padding:10px 16px; background:#fff; border-top:1px solid #e5e6eb; }
.composer input { flex:1; font:inherit; padding:8px 10px; border:1px solid #dee0e3; border-radius:6px; }
.composer button { font:inherit; padding:0 16px; border:none; border-radius:6px; background:var(--blue); color:#fff; cursor:pointer; }
`;

/**
 * The page's script. Replies arrive as data (see markdown-blocks.ts) over Server-Sent Events and are built
 * with createElement/textContent only: no reply byte is ever parsed as HTML.
 */
export const PAGE_JS = `'use strict';
(function () {
  var log = document.getElementById('log');
  var who = document.getElementById('who');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function inline(parent, items) {
    items.forEach(function (item) {
      if (item.t === 'text') parent.appendChild(document.createTextNode(item.v));
      else if (item.t === 'code') parent.appendChild(el('code', '', item.v));
      else if (item.t === 'mention') parent.appendChild(el('span', 'mention', item.v));
      else if (item.t === 'strong' || item.t === 'em') { var s = el(item.t); inline(s, item.c); parent.appendChild(s); }
      else if (item.t === 'link') {
        var a = el('a');
        a.href = item.href; a.target = '_blank'; a.rel = 'noopener noreferrer';
        inline(a, item.c); parent.appendChild(a);
      }
    });
  }
  function lines(parent, rows) {
    rows.forEach(function (row, i) { if (i > 0) parent.appendChild(el('br')); inline(parent, row); });
  }
  function block(b) {
    if (b.t === 'h') { var h = el('h' + Math.min(6, Math.max(1, b.level))); inline(h, b.c); return h; }
    if (b.t === 'p') { var p = el('p'); lines(p, b.lines); return p; }
    if (b.t === 'quote') { var q = el('blockquote'); lines(q, b.lines); return q; }
    if (b.t === 'ul' || b.t === 'ol') {
      var list = el(b.t);
      if (b.t === 'ol' && b.start !== 1) list.start = b.start;
      b.items.forEach(function (row) { var li = el('li'); inline(li, row); list.appendChild(li); });
      return list;
    }
    if (b.t === 'code') { var pre = el('pre'); pre.appendChild(el('code', '', b.v)); return pre; }
    if (b.t === 'hr') return el('hr');
    return el('p', '', '');
  }
  function row(mine, name, metaText) {
    var r = el('div', mine ? 'row mine' : 'row');
    r.appendChild(el('div', 'avatar', (name || '?').slice(0, 2)));
    var stack = el('div', 'stack');
    stack.appendChild(el('div', 'meta', metaText));
    var bubble = el('div', 'bubble');
    stack.appendChild(bubble);
    r.appendChild(stack);
    return { row: r, stack: stack, bubble: bubble };
  }
  function scroll() { log.scrollTop = log.scrollHeight; }
  function show(ev) {
    if (ev.kind === 'identity') {
      who.textContent = 'you are ' + ev.name + ' (' + ev.staffId + ')' + (ev.isAdmin ? ' · admin' : '') +
        ' · ' + (ev.direct ? 'direct chat ' : 'group ') + ev.conversationId;
      return;
    }
    if (ev.kind === 'sent') {
      var mine = row(true, ev.name, ev.name + ' · ' + ev.time);
      mine.row.setAttribute('data-testid', 'sent');
      mine.bubble.textContent = ev.text;
      log.appendChild(mine.row);
    } else if (ev.kind === 'reply') {
      var meta = 'kubetalk · ' + ev.time + (ev.index > 0 ? ' · follow-up ' + ev.index + ' to "' + ev.inReplyTo + '"' : '');
      var r = row(false, 'kt', meta);
      r.row.setAttribute('data-testid', 'reply');
      if (ev.title) { var t = el('div', '', ev.title); t.style.fontWeight = '600'; r.bubble.appendChild(t); }
      ev.blocks.forEach(function (b) { r.bubble.appendChild(block(b)); });
      if (ev.notNotified.length > 0) r.stack.appendChild(el('div', 'warn', '(not notified, @id missing from the text: ' + ev.notNotified.join(', ') + ')'));
      log.appendChild(r.row);
    } else if (ev.kind === 'notice') {
      var n = el('div', ev.level === 'error' ? 'notice error' : 'notice', ev.text);
      n.setAttribute('data-testid', 'notice');
      log.appendChild(n);
    }
    scroll();
  }
  var lastSeq = 0;
  var run = '';
  var events = new EventSource('/api/events');
  events.onmessage = function (m) {
    var ev = JSON.parse(m.data);
    // A restarted simulator has a new run: start over. After a reconnect to the same one the server replays its
    // history: skip what this page already shows.
    if (ev.run !== run) { run = ev.run; lastSeq = 0; log.replaceChildren(); }
    if (ev.seq <= lastSeq) return;
    lastSeq = ev.seq;
    show(ev);
  };
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (text === '') return;
    input.value = '';
    fetch('/api/send', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: text }) })
      .then(function (res) { return res.ok ? null : res.json().then(function (b) { show({ kind: 'notice', level: 'error', text: b.error || ('HTTP ' + res.status) }); }); })
      .catch(function (err) { show({ kind: 'notice', level: 'error', text: 'the simulator is not running: ' + err }); });
  });
  input.focus();
})();
`;
