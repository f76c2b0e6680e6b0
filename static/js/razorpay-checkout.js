// Opens Razorpay Checkout in place of the hosted-checkout form when
// Razorpay's script loaded; otherwise the form posts as it is.
(function () {
  "use strict";
  var form = document.getElementById("razorpay-checkout");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    if (typeof window.Razorpay !== "function") { return; }
    event.preventDefault();
    var d = form.dataset;
    var checkout = new window.Razorpay({
      key: d.key,
      order_id: d.order,
      amount: parseInt(d.amount, 10),
      currency: d.currency,
      name: d.name,
      prefill: { email: d.email },
      // Razorpay posts payment id, order id and signature here; the server verifies them.
      callback_url: d.callback,
      redirect: true,
      modal: { ondismiss: function () { window.location.href = d.cancel; } }
    });
    checkout.open();
  });
})();
