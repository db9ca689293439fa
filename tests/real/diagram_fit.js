// Measures a latch trace diagram as the browser draws it (getBBox, the real fonts): every text of
// a box inside the box, every arrow label between the lifelines (x 260..940), nothing past the
// picture, and no two texts overlapping. Writes "<N> texts, <M> misplaced" into #fit, and what is
// misplaced under it. Used by test_browser.sh with the SVG inline in the page.
const svg = document.querySelector("svg"), bad = [];
const num = (e, a) => Number(e.getAttribute(a));
const boxes = [...svg.querySelectorAll("rect[rx='5']")];
const texts = [...svg.querySelectorAll("text")].map(t => ({ t, b: t.getBBox() }));
for (const { t, b } of texts) {
    const x = num(t, "x"), y = num(t, "y");
    const box = boxes.find(r => x >= num(r, "x") && x <= num(r, "x") + num(r, "width") &&
                                y >= num(r, "y") && y <= num(r, "y") + num(r, "height"));
    if (box && (b.x < num(box, "x") || b.x + b.width > num(box, "x") + num(box, "width") ||
                b.y < num(box, "y") || b.y + b.height > num(box, "y") + num(box, "height")))
        bad.push("out of its box: " + t.textContent);
    if (!box && t.getAttribute("text-anchor") === "middle" && x === 600 && (b.x < 260 || b.x + b.width > 940))
        bad.push("past the lifelines: " + t.textContent);
    if (b.x < 0 || b.x + b.width > num(svg, "width"))
        bad.push("past the picture: " + t.textContent);
}
for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].b, c = texts[j].b;
        if (a.x < c.x + c.width && c.x < a.x + a.width && a.y < c.y + c.height && c.y < a.y + a.height)
            bad.push("overlap: " + texts[i].t.textContent + " / " + texts[j].t.textContent);
    }
const p = document.createElement("p"), pre = document.createElement("pre");
p.id = "fit";
p.textContent = texts.length + " texts, " + bad.length + " misplaced";
pre.textContent = bad.join("\n");
document.body.append(p, pre);
