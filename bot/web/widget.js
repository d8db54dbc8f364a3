/*
 * Assistant PS — the chat widget of the CGSS Martinique professionals' website.
 *
 * Embedding takes one script tag (the widget loads widget.css from beside itself):
 *   <script src="https://…/widget.js" data-server="https://assistant.example:5005" defer></script>
 * data-server is the Rasa server; without it, the page's own host on port 5005.
 *
 * It talks to Rasa's socket.io channel over a plain WebSocket, speaking the Engine.IO 4 / Socket.IO 5 protocol
 * itself, so the site needs no build step and loads no third-party script. The conversation (the session id Rasa
 * confirms, and the transcript) is kept in sessionStorage: a reload shows it again, closing the tab forgets it.
 * Every message is rendered as text (textContent); only http(s) URLs become links.
 */
(function () {
  "use strict";

  if (window.__assistantPsWidget) return; // the script tag included twice
  window.__assistantPsWidget = true;

  var SCRIPT = document.currentScript || document.querySelector("script[src$='widget.js']");
  var STORE_PREFIX = "assistant-ps.";
  var MAX_KEPT = 80; // messages kept in the transcript
  var MAX_LENGTH = 1000; // characters in one question
  var REPLY_TIMEOUT_MS = 30000;

  // ---- configuration -------------------------------------------------------------------------------------------

  function rasaServer() {
    var raw = SCRIPT && SCRIPT.getAttribute("data-server");
    var fallback = (location.protocol === "https:" ? "https://" : "http://") +
      (location.hostname || "localhost") + ":5005";
    var url;
    try {
      url = new URL(raw && raw.trim() ? raw.trim() : fallback, location.href);
    } catch (e) {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url;
  }

  function socketUrl(server) {
    var path = server.pathname.replace(/\/+$/, "");
    return (server.protocol === "https:" ? "wss://" : "ws://") + server.host + path +
      "/socket.io/?EIO=4&transport=websocket";
  }

  // ---- storage (absent or full storage only loses the memory across reloads) ----------------------------------

  var store = {
    get: function (key) {
      try {
        return JSON.parse(window.sessionStorage.getItem(STORE_PREFIX + key));
      } catch (e) {
        return null;
      }
    },
    set: function (key, value) {
      try {
        window.sessionStorage.setItem(STORE_PREFIX + key, JSON.stringify(value));
      } catch (e) { /* private mode or quota: the conversation just won't survive a reload */ }
    },
    remove: function (key) {
      try {
        window.sessionStorage.removeItem(STORE_PREFIX + key);
      } catch (e) { /* idem */ }
    }
  };

  // ---- Socket.IO client over one WebSocket ----------------------------------------------------------------------
  //
  // Engine.IO packets are one digit then data: 0 open {sid, pingInterval, pingTimeout}, 1 close, 2 ping (answered
  // 3 pong), 4 message, 6 noop. A message carries a Socket.IO packet: 0 connect (we send "40", the server answers
  // 40{"sid":…}), 1 disconnect, 2 event ["name", data] (an optional ack id in digits comes first), 4 connect error.

  function SocketIO(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.ws = null;
    this.ready = false;
    this.stopped = true;
    this.attempt = 0;
    this.retryTimer = null;
    this.watchdog = null;
    this.silenceMs = 50000; // replaced by pingInterval + pingTimeout from the open packet
  }

  SocketIO.prototype.open = function () {
    if (this.ws) return;
    this.stopped = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    var ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.retry();
      return;
    }
    var self = this;
    this.ws = ws;
    this.handlers.connecting();
    ws.onmessage = function (event) {
      if (self.ws === ws) self.receive(event.data);
    };
    ws.onclose = function () {
      if (self.ws === ws) self.lost();
    };
    this.keepAlive();
  };

  SocketIO.prototype.receive = function (data) {
    if (typeof data !== "string" || !data) return; // binary is never sent by this server
    this.keepAlive();
    var body = data.slice(1);
    switch (data.charAt(0)) {
      case "0":
        var open = parseJson(body) || {};
        if (open.pingInterval && open.pingTimeout) this.silenceMs = open.pingInterval + open.pingTimeout + 5000;
        this.keepAlive();
        this.ws.send("40");
        break;
      case "1":
        this.drop();
        break;
      case "2":
        this.ws.send("3" + body);
        break;
      case "4":
        this.packet(body);
        break;
      default: // 3 pong, 5 upgrade, 6 noop
    }
  };

  SocketIO.prototype.packet = function (body) {
    var type = body.charAt(0);
    var rest = body.slice(1);
    if (rest.charAt(0) === "/") { // another namespace than "/" is not ours
      var comma = rest.indexOf(",");
      if ((comma < 0 ? rest : rest.slice(0, comma)) !== "/") return;
      rest = comma < 0 ? "" : rest.slice(comma + 1);
    }
    if (type === "0") {
      this.ready = true;
      this.attempt = 0;
      this.handlers.connected();
    } else if (type === "1") {
      this.drop();
    } else if (type === "2") {
      var args = parseJson(rest.replace(/^\d+/, ""));
      if (Array.isArray(args) && typeof args[0] === "string") this.handlers.event(args[0], args[1]);
    } else if (type === "4") {
      this.drop();
    }
  };

  SocketIO.prototype.emit = function (event, data) {
    if (!this.ready || !this.ws) return false;
    this.ws.send("42" + JSON.stringify([event, data]));
    return true;
  };

  // The server pings every pingInterval; when nothing comes for longer, the connection is dead without a close.
  SocketIO.prototype.keepAlive = function () {
    var self = this;
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(function () { self.drop(); }, this.silenceMs);
  };

  SocketIO.prototype.drop = function () {
    var ws = this.ws;
    if (!ws) return;
    ws.onmessage = ws.onclose = null;
    try {
      ws.close();
    } catch (e) { /* already closed */ }
    this.lost();
  };

  SocketIO.prototype.lost = function () {
    this.ws = null;
    this.ready = false;
    clearTimeout(this.watchdog);
    if (this.stopped) return;
    this.handlers.disconnected();
    this.retry();
  };

  // 1, 2, 4, 8, 16, 30, 30… seconds, ±25 % so that many pages do not come back at the same instant.
  SocketIO.prototype.retry = function () {
    var self = this;
    var delay = Math.min(30000, 1000 * Math.pow(2, this.attempt)) * (0.75 + Math.random() * 0.5);
    this.attempt += 1;
    this.handlers.waiting(Math.ceil(delay / 1000));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(function () {
      self.retryTimer = null;
      self.open();
    }, delay);
  };

  SocketIO.prototype.retryNow = function () {
    if (this.stopped || this.ws) return;
    this.attempt = 0;
    this.open();
  };

  SocketIO.prototype.close = function () {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.drop();
  };

  function parseJson(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  // ---- DOM helpers: text only, never HTML ---------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // A header button showing only an icon: its title for the pointer, its label for screen readers.
  function iconButton(kind, title, label, onClick) {
    var button = el("button", "aps-icon-button");
    button.type = "button";
    button.title = title;
    button.setAttribute("aria-label", label);
    button.appendChild(icon(kind));
    button.addEventListener("click", onClick);
    return button;
  }

  function icon(kind) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "22");
    svg.setAttribute("height", "22");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", {
      chat: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2 5v2h12V8H6zm0 4v2h8v-2H6z",
      close: "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z",
      restart: "M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z",
      send: "M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"
    }[kind]);
    svg.appendChild(path);
    return svg;
  }

  // An http(s) URL, or a bare site name such as "ameli.fr" or "espacepro.ameli.fr/page" (linked as https).
  var URL_PATTERN = /https?:\/\/[^\s<>"«»]+|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:fr|com|org|net|eu)\b(?:\/[^\s<>"«»]*)?/gi;
  var TRAILING = /[.,;:!?)\]'’]+$/;
  var GLUED_BEFORE = /[@.\/\w-]/; // part of an e-mail address or of a longer word
  var GLUED_AFTER = /^[@\w-]/;

  function safeHref(candidate) {
    var text = /^https?:\/\//i.test(candidate) ? candidate : "https://" + candidate;
    try {
      var url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // Appends a line of text, turning its web addresses into links built element by element.
  function appendLinked(parent, line) {
    var last = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(line)) !== null) {
      var candidate = match[0].replace(TRAILING, "");
      var end = match.index + candidate.length;
      if (GLUED_BEFORE.test(line.charAt(match.index - 1)) || GLUED_AFTER.test(line.slice(end))) continue;
      var href = safeHref(candidate);
      if (!href) continue;
      parent.appendChild(document.createTextNode(line.slice(last, match.index)));
      var link = el("a", "aps-link", candidate);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.appendChild(el("span", "aps-sr", " (nouvelle fenêtre)"));
      parent.appendChild(link);
      last = end;
    }
    parent.appendChild(document.createTextNode(line.slice(last)));
  }

  var BULLET = /^\s*[-•]\s+/;

  // The bot's text: one paragraph per line, consecutive "- " lines as a list, the source line set apart.
  function renderBotText(text) {
    var fragment = document.createDocumentFragment();
    var list = null;
    text.split(/\r?\n/).forEach(function (line) {
      if (!line.trim()) {
        list = null;
        return;
      }
      if (BULLET.test(line)) {
        if (!list) list = fragment.appendChild(el("ul", "aps-list"));
        appendLinked(list.appendChild(el("li")), line.replace(BULLET, ""));
        return;
      }
      list = null;
      var isSource = /^\s*Sources?\s*:/i.test(line);
      appendLinked(fragment.appendChild(el("p", isSource ? "aps-line aps-source" : "aps-line")), line);
    });
    return fragment;
  }

  // Rasa's socket.io channel sends buttons as quick_replies {title, payload}; other channels say buttons.
  function replies(data) {
    var raw = Array.isArray(data.quick_replies) ? data.quick_replies : data.buttons;
    if (!Array.isArray(raw)) return [];
    return raw.filter(function (button) {
      return button && typeof button.title === "string" && button.title.trim();
    }).slice(0, 12).map(function (button) {
      return {
        title: button.title.trim(),
        payload: typeof button.payload === "string" && button.payload ? button.payload : button.title.trim()
      };
    });
  }

  // ---- the widget ----------------------------------------------------------------------------------------------

  function Widget(server) {
    this.server = server;
    this.transcript = Array.isArray(store.get("transcript")) ? store.get("transcript") : [];
    this.sessionId = typeof store.get("session") === "string" ? store.get("session") : null;
    this.confirmed = false;
    this.pending = [];
    this.awaiting = false; // a message went to the server and no answer came yet
    this.cutOff = false; // the connection dropped while awaiting an answer
    this.replyTimer = null;
    this.socket = server ? new SocketIO(socketUrl(server), this.socketHandlers()) : null;
    this.build();
    this.renderTranscript();
    if (store.get("open")) this.open(false);
  }

  Widget.prototype.build = function () {
    var self = this;
    var root = this.root = el("div", "aps-root");
    root.setAttribute("lang", "fr");

    var launcher = this.launcher = el("button", "aps-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "aps-panel");
    launcher.appendChild(icon("chat"));
    launcher.appendChild(el("span", "aps-launcher-text", "Poser une question"));
    launcher.addEventListener("click", function () { self.open(true); });

    var panel = this.panel = el("section", "aps-panel");
    panel.id = "aps-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "false");
    panel.setAttribute("aria-labelledby", "aps-title");
    panel.setAttribute("aria-describedby", "aps-intro");
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        self.close();
      }
    });

    var header = panel.appendChild(el("header", "aps-header"));
    var titles = header.appendChild(el("div", "aps-titles"));
    titles.appendChild(el("h2", "aps-title", "Assistant des professionnels de santé")).id = "aps-title";
    titles.appendChild(el("p", "aps-subtitle", "CGSS Martinique · réponses tirées des documents de la caisse"));
    header.appendChild(iconButton("restart", "Nouvelle conversation", "Nouvelle conversation",
      function () { self.restart(); }));
    header.appendChild(iconButton("close", "Fermer", "Fermer l'assistant", function () { self.close(); }));

    var scroll = this.scroll = panel.appendChild(el("div", "aps-scroll"));
    var intro = scroll.appendChild(el("p", "aps-intro",
      "Bonjour ! Posez votre question sur l'installation, la facturation, les cotations, les téléservices ou " +
      "les contacts de la CGSS Martinique. Chaque réponse cite sa source."));
    intro.id = "aps-intro";
    this.log = scroll.appendChild(el("div", "aps-log"));
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.log.setAttribute("aria-label", "Conversation");
    this.quickReplies = scroll.appendChild(el("div", "aps-replies"));
    this.quickReplies.setAttribute("role", "group");
    this.quickReplies.setAttribute("aria-label", "Réponses suggérées");
    this.quickReplies.hidden = true;
    this.typing = scroll.appendChild(el("div", "aps-typing"));
    this.typing.setAttribute("role", "status"); // empty but present when idle, so that it is announced

    this.status = panel.appendChild(el("p", "aps-status"));
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");

    var form = this.form = panel.appendChild(el("form", "aps-form"));
    form.noValidate = true;
    var label = form.appendChild(el("label", "aps-sr", "Votre question"));
    label.htmlFor = "aps-input";
    var input = this.input = form.appendChild(el("input", "aps-input"));
    input.id = "aps-input";
    input.type = "text";
    input.maxLength = MAX_LENGTH;
    input.autocomplete = "off";
    input.placeholder = "Votre question…";
    input.setAttribute("enterkeyhint", "send");
    input.setAttribute("aria-describedby", "aps-privacy");
    var sendButton = form.appendChild(el("button", "aps-send"));
    sendButton.type = "submit";
    sendButton.appendChild(icon("send"));
    sendButton.appendChild(el("span", "aps-send-text", "Envoyer"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value;
      input.value = "";
      self.send(text, text);
      input.focus();
    });
    var privacy = panel.appendChild(el("p", "aps-privacy",
      "N'écrivez aucune information permettant d'identifier un patient (nom, NIR)."));
    privacy.id = "aps-privacy";

    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(root);

    window.addEventListener("online", function () { if (self.socket) self.socket.retryNow(); });
  };

  Widget.prototype.open = function (focus) {
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute("aria-expanded", "true");
    store.set("open", true);
    this.scrollToEnd();
    if (focus) this.input.focus();
    if (!this.server) {
      this.setStatus("L'assistant n'est pas configuré sur cette page (adresse du serveur invalide).");
      this.input.disabled = true;
      return;
    }
    this.socket.open();
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    store.set("open", false);
    this.launcher.focus();
  };

  Widget.prototype.restart = function () {
    this.transcript = [];
    this.pending = [];
    this.awaiting = this.cutOff = false;
    this.sessionId = null;
    store.remove("transcript");
    store.remove("session");
    this.stopWaiting();
    this.renderTranscript();
    if (this.socket) {
      this.socket.close();
      this.socket.open();
    }
    this.input.focus();
  };

  Widget.prototype.socketHandlers = function () {
    var self = this;
    return {
      connecting: function () {
        self.confirmed = false;
      },
      connected: function () {
        // Rasa (session_persistence) puts this connection in the session's room and confirms the id; without
        // an id it makes one.
        self.socket.emit("session_request", { session_id: self.sessionId });
      },
      disconnected: function () {
        self.confirmed = false;
        if (self.awaiting) { // what was sent may not have arrived: say so rather than send it twice
          self.awaiting = false;
          self.cutOff = true;
          self.stopWaiting();
        }
      },
      waiting: function (seconds) {
        self.setStatus("Connexion au serveur impossible pour le moment ; nouvel essai dans " + seconds + " s.");
      },
      event: function (name, data) {
        if (name === "session_confirm") self.confirmSession(data);
        else if (name === "bot_uttered") self.botUttered(data);
      }
    };
  };

  Widget.prototype.confirmSession = function (data) {
    var id = typeof data === "string" ? data : data && data.session_id;
    if (typeof id !== "string" || !id) return;
    this.sessionId = id;
    this.confirmed = true;
    store.set("session", id);
    this.setStatus(this.cutOff
      ? "La connexion a été coupée avant la réponse : renvoyez votre dernier message si besoin."
      : "");
    this.cutOff = false;
    this.flush();
  };

  Widget.prototype.send = function (text, shown) {
    text = String(text || "").trim().slice(0, MAX_LENGTH);
    if (!text) return;
    this.add({ from: "user", text: String(shown || text).trim() });
    this.pending.push(text);
    this.showTyping();
    if (!this.confirmed) this.setStatus("Connexion au serveur…");
    this.flush();
  };

  Widget.prototype.flush = function () {
    while (this.confirmed && this.pending.length) {
      if (!this.socket.emit("user_uttered", { message: this.pending[0], session_id: this.sessionId })) return;
      this.pending.shift();
      this.awaiting = true;
    }
  };

  Widget.prototype.botUttered = function (data) {
    if (!data || typeof data !== "object") return;
    var text = typeof data.text === "string" ? data.text : "";
    var buttons = replies(data);
    if (!text.trim() && !buttons.length) return; // marks for other systems (custom), nothing to show
    this.awaiting = false;
    this.stopWaiting();
    this.add({ from: "bot", text: text, replies: buttons });
  };

  Widget.prototype.add = function (entry) {
    this.transcript.push(entry);
    if (this.transcript.length > MAX_KEPT) this.transcript = this.transcript.slice(-MAX_KEPT);
    store.set("transcript", this.transcript);
    var node = this.log.appendChild(this.renderEntry(entry));
    this.renderReplies();
    if (entry.from === "bot") this.scrollTo(node);
    else this.scrollToEnd();
  };

  Widget.prototype.renderTranscript = function () {
    var self = this;
    this.log.textContent = "";
    this.transcript.forEach(function (entry) {
      if (entry && typeof entry.text === "string") self.log.appendChild(self.renderEntry(entry));
    });
    this.renderReplies();
  };

  Widget.prototype.renderEntry = function (entry) {
    var bot = entry.from === "bot";
    var item = el("div", "aps-message " + (bot ? "aps-bot" : "aps-user"));
    item.appendChild(el("span", "aps-sr", bot ? "L'assistant : " : "Vous : "));
    var body = item.appendChild(el("div", "aps-bubble"));
    if (bot) body.appendChild(renderBotText(entry.text));
    else body.appendChild(el("p", "aps-line aps-user-text", entry.text));
    return item;
  };

  // The buttons of the last message, while it is the bot's: answering by them or by typing removes them.
  Widget.prototype.renderReplies = function () {
    var self = this;
    var last = this.transcript[this.transcript.length - 1];
    var buttons = last && last.from === "bot" && Array.isArray(last.replies) ? last.replies : [];
    this.quickReplies.textContent = "";
    this.quickReplies.hidden = !buttons.length;
    buttons.forEach(function (button) {
      var node = self.quickReplies.appendChild(el("button", "aps-reply", button.title));
      node.type = "button";
      node.addEventListener("click", function () {
        self.send(button.payload, button.title);
        self.input.focus();
      });
    });
  };

  Widget.prototype.showTyping = function () {
    var self = this;
    this.typing.textContent = "";
    this.typing.appendChild(el("span", "aps-sr", "L'assistant rédige une réponse…"));
    var dots = this.typing.appendChild(el("span", "aps-dots"));
    dots.setAttribute("aria-hidden", "true");
    for (var i = 0; i < 3; i += 1) dots.appendChild(el("span", "aps-dot"));
    this.scrollToEnd();
    clearTimeout(this.replyTimer);
    this.replyTimer = setTimeout(function () {
      self.stopWaiting();
      self.setStatus("L'assistant ne répond pas pour le moment. Réessayez dans un instant.");
    }, REPLY_TIMEOUT_MS);
  };

  Widget.prototype.stopWaiting = function () {
    clearTimeout(this.replyTimer);
    this.typing.textContent = "";
  };

  Widget.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  Widget.prototype.scrollToEnd = function () {
    this.scroll.scrollTop = this.scroll.scrollHeight;
  };

  // A long answer is shown from its beginning.
  Widget.prototype.scrollTo = function (node) {
    var top = node.offsetTop - 8;
    var end = this.scroll.scrollHeight - this.scroll.clientHeight;
    this.scroll.scrollTop = Math.min(Math.max(top, 0), Math.max(end, 0));
  };

  // ---- start ---------------------------------------------------------------------------------------------------

  function addStylesheet() {
    var href = SCRIPT && SCRIPT.src ? new URL("widget.css", SCRIPT.src).href : "widget.css";
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function start() {
    addStylesheet();
    new Widget(rasaServer()); // eslint-disable-line no-new
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
