// Hover readout for the time charts: the day (or week) under the pointer and its count.
// The charts are complete without this script; it only adds the numbers on hover.
(function () {
  "use strict";
  var DAY = 86400000;
  function label(start, bucket, index) {
    var first = new Date(Date.parse(start + "T00:00:00Z") + index * bucket * DAY);
    var text = first.toISOString().slice(0, 10);
    if (bucket > 1) {
      text += " … " + new Date(first.getTime() + (bucket - 1) * DAY).toISOString().slice(0, 10);
    }
    return text;
  }
  var charts = document.querySelectorAll("svg.time");
  charts.forEach(function (svg) {
    var values = svg.dataset.values.split(",").map(Number);
    var bucket = Number(svg.dataset.bucket), left = Number(svg.dataset.left);
    var plot = Number(svg.dataset.plot), width = svg.viewBox.baseVal.width;
    var readout = document.createElement("output");
    readout.className = "readout";
    var busiest = values.indexOf(Math.max.apply(null, values));
    readout.textContent = "busiest: " + label(svg.dataset.start, bucket, busiest) + " (" +
      values[busiest] + ")";
    var resting = readout.textContent;
    svg.parentNode.querySelector("figcaption").appendChild(readout);
    var line = document.createElementNS("http://www.w3.org/2000/svg", "line");
    line.setAttribute("class", "hover");
    line.setAttribute("y1", 0);
    line.setAttribute("y2", svg.viewBox.baseVal.height - 20);
    line.style.display = "none";
    svg.appendChild(line);
    svg.addEventListener("mousemove", function (event) {
      var box = svg.getBoundingClientRect();
      var x = (event.clientX - box.left) / box.width * width;
      var index = Math.floor((x - left) / plot * values.length);
      if (index < 0 || index >= values.length) { return; }
      line.setAttribute("x1", x);
      line.setAttribute("x2", x);
      line.style.display = "";
      readout.textContent = label(svg.dataset.start, bucket, index) + ": " + values[index] +
        (values[index] === 1 ? " article" : " articles");
    });
    svg.addEventListener("mouseleave", function () {
      line.style.display = "none";
      readout.textContent = resting;
    });
  });
  document.documentElement.dataset.charts = String(charts.length);
})();
