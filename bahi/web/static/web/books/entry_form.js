// The journal entry form: live debit and credit totals and their difference, lines added and
// removed, and Tally's keyboard flow. Enter moves to the next field; Enter on a filled debit
// goes to the next line (a line is a debit or a credit); Enter on the last line's last field
// adds a line; Enter on an empty new line of a balanced entry goes to Post. Ctrl+Enter posts,
// Ctrl+S saves a draft, Ctrl+Delete removes the line. Posting an unbalanced entry is stopped
// here with the same message the server gives (it refuses it too).
(function () {
  "use strict";

  const form = document.getElementById("entry-form");
  if (!form) return;
  const body = document.getElementById("entry-lines");
  const template = document.getElementById("line-template");
  const totalForms = form.querySelector('input[name="lines-TOTAL_FORMS"]');
  const out = {
    debit: document.getElementById("debit-total"),
    credit: document.getElementById("credit-total"),
    difference: document.getElementById("difference"),
  };
  const message = document.getElementById("balance-message");
  const postButton = document.getElementById("post-entry");
  const draftButton = document.getElementById("save-draft");
  const accountLabels = Array.from(document.querySelectorAll("#account-options option"), (o) => o.value);

  // "1,00,000.50" -> 10000050 paise; "" -> 0; anything else -> null.
  function paise(text) {
    const clean = text.replace(/[₹,\s]/g, "");
    if (clean === "") return 0;
    if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
    const [whole, fraction = ""] = clean.split(".");
    return parseInt(whole, 10) * 100 + parseInt((fraction + "00").slice(0, 2), 10);
  }

  function groupIndian(digits) {
    if (digits.length <= 3) return digits;
    let head = digits.slice(0, -3);
    const groups = [];
    while (head.length > 2) {
      groups.unshift(head.slice(-2));
      head = head.slice(0, -2);
    }
    if (head) groups.unshift(head);
    return groups.join(",") + "," + digits.slice(-3);
  }

  function rupees(amount) {
    const sign = amount < 0 ? "-" : "";
    const abs = Math.abs(amount);
    const whole = Math.floor(abs / 100).toString();
    return `${sign}₹${groupIndian(whole)}.${String(abs % 100).padStart(2, "0")}`;
  }

  function rows() {
    return Array.from(body.querySelectorAll("tr.entry-line"));
  }

  function totals() {
    let debit = 0;
    let credit = 0;
    let valid = true;
    for (const input of body.querySelectorAll(".line-debit, .line-credit")) {
      const value = paise(input.value);
      input.toggleAttribute("aria-invalid", value === null);
      if (value === null) valid = false;
      else if (input.classList.contains("line-debit")) debit += value;
      else credit += value;
    }
    return { debit, credit, valid };
  }

  function recalc() {
    const sums = totals();
    out.debit.textContent = rupees(sums.debit);
    out.credit.textContent = rupees(sums.credit);
    out.difference.textContent = rupees(Math.abs(sums.debit - sums.credit));
    out.difference.classList.toggle("unbalanced", sums.debit !== sums.credit);
    if (sums.debit === sums.credit && message.dataset.blocked) {
      message.textContent = "";
      delete message.dataset.blocked;
    }
    return sums;
  }

  function renumber() {
    rows().forEach((row, index) => {
      row.querySelectorAll("[name], [id], [for]").forEach((el) => {
        for (const attr of ["name", "id", "for"]) {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(/lines-(\d+|__prefix__)-/, `lines-${index}-`));
        }
      });
      row.querySelectorAll("[data-line-number]").forEach((el) => (el.textContent = String(index + 1)));
      row.querySelector("[data-remove-line]").setAttribute("aria-label", `Remove line ${index + 1}`);
    });
    totalForms.value = String(rows().length);
  }

  function addLine() {
    body.appendChild(template.content.cloneNode(true));
    renumber();
    const added = rows().at(-1).querySelector(".line-account");
    added.focus();
    return added;
  }

  function removeLine(row) {
    const index = rows().indexOf(row);
    if (rows().length === 1) {
      row.querySelectorAll("input").forEach((input) => (input.value = ""));
    } else {
      row.remove();
    }
    renumber();
    recalc();
    const next = rows()[Math.min(index, rows().length - 1)];
    next.querySelector(".line-account").focus();
  }

  // "1211" or "cash" -> "1211 · Cash" when exactly one account matches, so the name shows.
  function completeAccount(input) {
    const text = input.value.trim().toLowerCase();
    if (!text || accountLabels.includes(input.value)) return;
    const found = accountLabels.filter((label) => {
      const [code, name = ""] = label.toLowerCase().split(" · ");
      return code === text || name === text;
    });
    if (found.length === 1) input.value = found[0];
  }

  function fields() {
    return Array.from(form.querySelectorAll("input:not([type=hidden])"));
  }

  function isBlankRow(row) {
    return Array.from(row.querySelectorAll("input")).every((input) => input.value.trim() === "");
  }

  function nextField(input) {
    const row = input.closest("tr.entry-line");
    const lastRow = row && row === rows().at(-1);
    if (row && input.classList.contains("line-account") && lastRow && isBlankRow(row)) {
      const sums = recalc();
      if (sums.valid && sums.debit > 0 && sums.debit === sums.credit) return postButton;
    }
    const filledDebit = input.classList.contains("line-debit") && paise(input.value);
    if (row && (input.classList.contains("line-credit") || filledDebit)) {
      const following = row.nextElementSibling;
      return following ? following.querySelector(".line-account") : addLine();
    }
    const all = fields();
    return all[all.indexOf(input) + 1] || postButton;
  }

  function onKeydown(event) {
    const target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(postButton);
    } else if (event.key.toLowerCase() === "s" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(draftButton);
    } else if (event.key === "Delete" && event.ctrlKey && target.closest("tr.entry-line")) {
      event.preventDefault();
      removeLine(target.closest("tr.entry-line"));
    } else if (event.key === "Enter" && target.tagName === "INPUT") {
      event.preventDefault();
      if (target.classList.contains("line-account")) completeAccount(target);
      const next = nextField(target);
      next.focus();
      if (next.select) next.select();
    }
  }

  function onSubmit(event) {
    if (event.submitter === draftButton) return;
    const sums = recalc();
    let problem = "";
    if (!sums.valid) problem = "Some amounts are not numbers in rupees: correct the marked fields.";
    else if (sums.debit === 0) problem = "Enter the entry's lines: at least one debit and one credit.";
    else if (sums.debit !== sums.credit) {
      problem = `Debits (${rupees(sums.debit)}) and credits (${rupees(sums.credit)}) differ by ` +
        `${rupees(Math.abs(sums.debit - sums.credit))}: the entry cannot be posted until they balance.`;
    }
    if (problem) {
      event.preventDefault();
      message.textContent = problem;
      message.dataset.blocked = "1";
    }
  }

  form.addEventListener("keydown", onKeydown);
  form.addEventListener("submit", onSubmit);
  form.addEventListener("input", recalc);
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target.classList.contains("line-account")) completeAccount(target);
    if (target.matches(".line-debit, .line-credit")) {
      const value = paise(target.value); // shown back as 1,25,000.50
      if (value) target.value = rupees(value).replace("₹", "");
    }
  });
  form.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove-line]");
    if (remove) removeLine(remove.closest("tr.entry-line"));
  });
  document.getElementById("add-line").addEventListener("click", addLine);
  recalc();
})();
