// Draws the KPI charts of the dashboard (index and reports pages) from the
// JSON that the page embeds with json_script. Chart.js is served locally.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("kpi-chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var sales = document.getElementById("chart-orders-revenue");
    if (sales) {
      new Chart(sales, {
        data: {
          labels: data.days,
          datasets: [
            { type: "bar", label: "Orders", data: data.orders, yAxisID: "orders", backgroundColor: "rgba(54, 162, 235, 0.6)" },
            { type: "line", label: "Revenue", data: data.revenue, yAxisID: "revenue", borderColor: "rgb(255, 99, 132)", tension: 0.2 }
          ]
        },
        options: {
          animation: false,
          responsive: true,
          scales: {
            orders: { type: "linear", position: "left", beginAtZero: true, ticks: { precision: 0 } },
            revenue: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false } }
          }
        }
      });
      sales.setAttribute("data-rendered", "true");
    }
    var rates = document.getElementById("chart-rates");
    if (rates) {
      new Chart(rates, {
        type: "bar",
        data: {
          labels: Object.keys(data.rates),
          datasets: [{ label: "%", data: Object.values(data.rates), backgroundColor: ["#28a745", "#17a2b8", "#6f42c1"] }]
        },
        options: { animation: false, indexAxis: "y", scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } }
      });
      rates.setAttribute("data-rendered", "true");
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
