// 海原县义务教育政策助手: chat page. Everything user- or server-supplied goes in via textContent.
(function () {
  "use strict";
  var form = document.getElementById("ask");
  var input = document.getElementById("question");
  var send = document.getElementById("send");
  var log = document.getElementById("log");
  var counter = document.getElementById("counter");
  var hint = document.getElementById("hint");
  var reasons = (form.dataset.reasons || "").split("|").filter(Boolean);
  var maxChars = parseInt(form.dataset.max || "500", 10);
  var timeoutMs = window.HY_ASK_TIMEOUT_MS || parseInt(form.dataset.timeout || "15000", 10);
  var pending = null;  // the question being answered: {question, requestId, fromInput, bubble}

  var TEXT = {
    searching: "正在查找……",
    timeout: "网络太慢，还没有收到回答。您的问题还在，请点“重试”。",
    offline: "网络没有连上，问题没有发出去。您的问题还在，网络恢复后请点“重试”。",
    busy: "上一个问题还在查找中，请稍等；您输入的内容会保留。",
    retry: "重试",
    tooLong: function (n) { return "超出 " + n + " 字，请删短到 " + maxChars + " 字以内再发送"; },
    atLimit: "已到 " + maxChars + " 字上限，再多的字发不出去",
    nearLimit: "最多 " + maxChars + " 字"
  };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Show the start of a new answer: its top just under the top of the window (never jump to the bottom).
  function showStart(node) {
    var top = node.getBoundingClientRect().top + window.pageYOffset - 8;
    window.scrollTo(0, Math.max(0, top));
  }

  function newRequestId() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // A failed request as a Chinese message: offline and time-outs never show the browser's English text.
  function failure(kind, message) {
    var err = new Error(message);
    err.kind = kind;
    return err;
  }

  function postJSON(url, payload, limitMs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = null;
    if (controller && limitMs) timer = setTimeout(function () { controller.abort(); }, limitMs);
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(payload),
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw failure("server", data.detail || ("服务器出错（" + res.status + "），请稍后重试。"));
        return data;
      });
    }, function (err) {
      if (err && err.name === "AbortError") throw failure("timeout", TEXT.timeout);
      throw failure("offline", TEXT.offline);
    }).then(function (data) {
      if (timer) clearTimeout(timer);
      return data;
    }, function (err) {
      if (timer) clearTimeout(timer);
      throw err;
    });
  }

  // The answer's pieces: plain text, short citations (full title one tap away), phone numbers as tel: links.
  function renderParts(box, parts) {
    parts.forEach(function (part) {
      if (part.tel) {
        var link = el("a", "tel", part.t);
        link.href = "tel:" + part.tel;
        box.appendChild(link);
      } else if (part.title) {
        box.appendChild(citeButton(part.t, part.title));
      } else {
        box.appendChild(document.createTextNode(part.t));
      }
    });
    return box;
  }

  function citeButton(shortText, fullTitle) {
    var wrap = el("span", "cite");
    var button = el("button", "cite-short", shortText);
    button.type = "button";
    button.title = fullTitle;
    button.setAttribute("aria-expanded", "false");
    var full = el("span", "cite-full", "（全称：" + fullTitle + "）");
    full.hidden = true;
    button.addEventListener("click", function () {
      full.hidden = !full.hidden;
      button.setAttribute("aria-expanded", full.hidden ? "false" : "true");
    });
    wrap.appendChild(button);
    wrap.appendChild(full);
    return wrap;
  }

  function sourceBlock(src) {
    var box = el("details", "source");
    var summary = el("summary", null, src.short || src.heading || "原文");
    if (src.full) summary.title = src.full;
    box.appendChild(summary);
    if (src.full) box.appendChild(el("div", "fulltitle small", "全称：" + src.full));
    if (src.path && src.path.length) box.appendChild(el("div", "path", src.path.join(" › ")));
    if (src.quote) box.appendChild(el("div", "quote", src.quote));
    if (src.kind === "data") return box;
    var full = el("div", "full", "");
    full.hidden = true;
    box.appendChild(full);
    var loaded = false;
    box.addEventListener("toggle", function () {
      if (!box.open || loaded) return;
      loaded = true;
      full.hidden = false;
      full.textContent = "正在加载原文……";
      var url = "/api/source/" + encodeURIComponent(src.doc_id) + "/" + encodeURIComponent(src.section_id);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (res) { if (!res.ok) throw new Error(); return res.json(); })
        .then(function (data) {
          full.textContent = "";
          full.appendChild(el("div", null, data.text));
        })
        .catch(function () { full.textContent = "暂时无法显示原文。"; loaded = false; });
    });
    return box;
  }

  // 👍 and 👎 are recorded at once; a reason after 👎 is optional (跳过 ends it).
  function feedbackBlock(queryId) {
    var box = el("div", "feedback");
    var status = el("span", "small", "这个回答有帮助吗？");
    box.appendChild(status);
    function vote(helpful, reason) {
      return postJSON("/api/feedback", { query_id: queryId, helpful: helpful, reason: reason || "" });
    }
    function clear() { while (box.firstChild) box.removeChild(box.firstChild); }
    function done(text, cls) {
      clear();
      box.appendChild(el("span", cls || "thanks", text));
    }
    var recorded = null;  // the 👎 itself; a reason is sent after it, so it replaces it and is never overwritten
    function askReason() {
      clear();
      box.appendChild(el("span", "thanks", "已记下。"));
      box.appendChild(el("span", "small", "哪里不好？（可不选）"));
      reasons.concat(["跳过"]).forEach(function (reason) {
        var b = el("button", reason === "跳过" ? "skip" : null, reason);
        b.type = "button";
        b.addEventListener("click", function () {
          if (reason === "跳过") { done("谢谢您的反馈！"); return; }
          (recorded || Promise.resolve()).catch(function () {}).then(function () { return vote(false, reason); })
            .then(function () { done("谢谢您的反馈！"); })
            .catch(function (err) { done(err.message, "small"); });
        });
        box.appendChild(b);
      });
    }
    var up = el("button", null, "👍 有帮助");
    var down = el("button", null, "👎 没帮助");
    up.type = down.type = "button";
    up.addEventListener("click", function () {
      done("正在提交……", "small");
      vote(true, "").then(function () { done("谢谢您的反馈！"); })
        .catch(function (err) { done(err.message, "small"); });
    });
    down.addEventListener("click", function () {
      askReason();
      recorded = vote(false, "");
      recorded.catch(function (err) { done(err.message, "small"); });
    });
    box.appendChild(up);
    box.appendChild(down);
    return box;
  }

  function buttons(cls, title, items, label, reply) {
    var box = el("div", cls);
    if (title) box.appendChild(el("span", "small", title));
    items.forEach(function (item) {
      var b = el("button", "chip", label(item));
      b.type = "button";
      b.addEventListener("click", function () { ask(reply(item), false); });
      box.appendChild(b);
    });
    return box;
  }

  function showAnswer(bubble, data) {
    bubble.className = "msg bot";
    bubble.textContent = "";
    var text = el("div", "text");
    if (data.parts && data.parts.length) renderParts(text, data.parts);
    else text.textContent = data.answer;
    bubble.appendChild(text);
    if (data.sources && data.sources.length) {
      var sources = el("div", "sources");
      sources.appendChild(el("h3", null, "出处"));
      data.sources.forEach(function (src) { sources.appendChild(sourceBlock(src)); });
      bubble.appendChild(sources);
    }
    if (data.choices && data.choices.length) {
      bubble.appendChild(buttons("choices", "请选择：", data.choices,
        function (c) { return c.label; }, function (c) { return c.reply; }));
    }
    if (data.related && data.related.length) {
      bubble.appendChild(buttons("related", "您可能还想问：", data.related,
        function (q) { return q; }, function (q) { return q; }));
    }
    if (data.query_id) bubble.appendChild(feedbackBlock(data.query_id));
  }

  function showSearching(bubble) {
    bubble.className = "msg bot thinking";
    bubble.textContent = "";
    bubble.setAttribute("aria-busy", "true");
    bubble.appendChild(el("span", "spinner"));
    bubble.appendChild(el("span", null, TEXT.searching));
  }

  function showFailure(current, err, retryable) {
    var bubble = current.bubble;
    bubble.className = "msg bot error";
    bubble.textContent = "";
    bubble.removeAttribute("aria-busy");
    bubble.appendChild(el("div", "text", err.message || TEXT.offline));
    if (!retryable) return;
    var again = el("button", "retry", TEXT.retry);
    again.type = "button";
    again.addEventListener("click", function () {
      if (pending && pending !== current && pending.inFlight) { hint.textContent = TEXT.busy; return; }
      pending = current;
      resend();
    });
    bubble.appendChild(again);
  }

  function setBusy(on) {
    send.disabled = on;
    form.classList.toggle("busy", on);
  }

  // Send (or resend) the pending question; the same request_id makes a retry answer once, logged once.
  function resend() {
    if (!pending || pending.inFlight) return;
    var current = pending;
    current.inFlight = true;
    setBusy(true);
    showSearching(current.bubble);
    postJSON("/api/ask", { question: current.question, request_id: current.requestId }, timeoutMs)
      .then(function (data) {
        if (pending === current) pending = null;
        if (current.fromInput && input.value.trim() === current.question) { input.value = ""; updateCounter(); }
        current.bubble.removeAttribute("aria-busy");
        showAnswer(current.bubble, data);
        setBusy(false);
        showStart(current.bubble);
      }, function (err) {
        current.inFlight = false;
        var retryable = err.kind !== "server" || /稍后|重试|频繁/.test(err.message);
        if (!retryable && pending === current) pending = null;
        showFailure(current, err, retryable);
        setBusy(false);
      });
  }

  function ask(question, fromInput) {
    question = (question || "").trim();
    if (!question) return;
    if (pending && (pending.inFlight || pending.question === question)) {  // nothing is cleared or lost
      if (pending.inFlight) hint.textContent = TEXT.busy;
      else resend();
      return;
    }
    if (question.length > maxChars) { updateCounter(); input.focus(); return; }
    hint.textContent = "";
    log.appendChild(el("div", "msg user", question));
    var bubble = el("div", "msg bot thinking");
    log.appendChild(bubble);
    pending = { question: question, requestId: newRequestId(), fromInput: !!fromInput, bubble: bubble, inFlight: false };
    resend();
    showStart(bubble.previousSibling);
  }

  // What happens at the limit is said before it happens: a counter near it, a message over it.
  function updateCounter() {
    var n = input.value.length;
    counter.classList.toggle("over", n > maxChars);
    if (n < maxChars * 0.8) { counter.textContent = ""; return; }
    var note = n > maxChars ? TEXT.tooLong(n - maxChars) : (n === maxChars ? TEXT.atLimit : TEXT.nearLimit);
    counter.textContent = n + "/" + maxChars + " · " + note;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(input.value, true);
  });
  input.addEventListener("input", updateCounter);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  window.addEventListener("online", function () { if (pending && !pending.inFlight) resend(); });
  document.querySelectorAll("[data-question]").forEach(function (button) {
    button.addEventListener("click", function () { ask(button.dataset.question, false); });
  });
})();
