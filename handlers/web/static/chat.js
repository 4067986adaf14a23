// 海原县义务教育政策助手: chat page. Everything user- or server-supplied goes in via textContent.
(function () {
  "use strict";
  var form = document.getElementById("ask");
  var input = document.getElementById("question");
  var send = document.getElementById("send");
  var log = document.getElementById("log");
  var reasons = (form.dataset.reasons || "").split("|").filter(Boolean);
  var busy = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function scrollDown() { window.scrollTo(0, document.body.scrollHeight); }

  function postJSON(url, payload) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(payload)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(data.detail || ("请求失败（" + res.status + "）"));
        return data;
      });
    });
  }

  function sourceBlock(src) {
    var box = el("details", "source");
    var summary = el("summary", null, src.heading || "原文");
    box.appendChild(summary);
    if (src.path && src.path.length) box.appendChild(el("div", "path", src.path.join(" › ")));
    if (src.quote) box.appendChild(el("div", "quote", src.quote));
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
          if (data.citation) full.appendChild(el("div", "small", data.citation));
          full.appendChild(el("div", null, data.text));
        })
        .catch(function () { full.textContent = "暂时无法显示原文。"; loaded = false; });
    });
    return box;
  }

  function feedbackBlock(queryId) {
    var box = el("div", "feedback");
    box.appendChild(el("span", "small", "这个回答有帮助吗？"));
    var up = el("button", null, "👍 有帮助");
    var down = el("button", null, "👎 没帮助");
    up.type = down.type = "button";
    function submit(helpful, reason) {
      box.textContent = "";
      box.appendChild(el("span", "thanks", "正在提交……"));
      postJSON("/api/feedback", { query_id: queryId, helpful: helpful, reason: reason || "" })
        .then(function () { box.firstChild.textContent = "谢谢您的反馈！"; })
        .catch(function (err) { box.firstChild.textContent = err.message; });
    }
    up.addEventListener("click", function () { submit(true, ""); });
    down.addEventListener("click", function () {
      box.textContent = "";
      box.appendChild(el("span", "small", "哪里不好？"));
      reasons.forEach(function (reason) {
        var b = el("button", null, reason);
        b.type = "button";
        b.addEventListener("click", function () { submit(false, reason); });
        box.appendChild(b);
      });
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
      b.addEventListener("click", function () { ask(reply(item)); });
      box.appendChild(b);
    });
    return box;
  }

  function showAnswer(bubble, data) {
    bubble.className = "msg bot";
    bubble.textContent = "";
    bubble.appendChild(el("div", "text", data.answer));
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

  function ask(question) {
    question = (question || "").trim();
    if (!question || busy) return;
    busy = true;
    send.disabled = true;
    log.appendChild(el("div", "msg user", question));
    var bubble = el("div", "msg bot thinking", "正在查找政策原文……");
    log.appendChild(bubble);
    scrollDown();
    postJSON("/api/ask", { question: question })
      .then(function (data) { showAnswer(bubble, data); })
      .catch(function (err) { bubble.className = "msg bot error"; bubble.textContent = err.message || "网络出错，请重试。"; })
      .then(function () { busy = false; send.disabled = false; scrollDown(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    ask(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  document.querySelectorAll("[data-question]").forEach(function (button) {
    button.addEventListener("click", function () { ask(button.dataset.question); });
  });
})();
