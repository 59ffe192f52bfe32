/*
 * The Cascade flow in Chromium at 320 px, outside Excel (the workbench), in both languages:
 * the org list pasted, the tree, a region's panel and the sheets' actions all fit — the page
 * does not scroll sideways and no control (button, box, select, the tree, the levels' table)
 * reaches past the pane's right edge. Pictures go to tests/.out/screenshots/.
 *
 * Serves dist/ (built by `npm test`; PANE_DIST points elsewhere for a build of one's own).
 */
import * as path from "node:path";
import { DIST, ROOT } from "../helpers/pane-page";
import { describeWithEngines } from "../helpers/engines";
import { TEST_SCREENSHOTS_DIR } from "../helpers/screenshots";
import { usePaneSession } from "../helpers/pane-session";
import { openFlow } from "./flow-actions";

const PANE_DIST = process.env.PANE_DIST ? path.resolve(process.env.PANE_DIST) : DIST;
const OUT = path.join(ROOT, TEST_SCREENSHOTS_DIR);
const ORG_LIST = "区域\t团队\t姓名\t上年\n华东\t华东一组\t张伟\t800\n华东\t华东一组\t王芳\t600\n华东\t华东二组\t孙丽\t700\n华南\t华南一组\t林南\t1000\n";

describeWithEngines(["chromium"], "the Cascade flow at 320 px", () => {
  const { open, expectCleanRun, expectNoSidewaysScroll } = usePaneSession(PANE_DIST, OUT);

  test.each(["en-US", "zh-CN"] as const)("the list, the tree, a region's panel and the actions fit 320 px (%s)", async (language) => {
    const page = await open(`?lang=${language}`, { width: 320, height: 720 }, language);
    await openFlow(page, "cascade");
    await page.getByTestId("cascade-total").fill("12,000");
    await page.getByTestId("cascade-paste").fill(ORG_LIST);
    await page.getByTestId("cascade-list-read").waitFor();
    await page.locator('[data-testid="cascade-row"]', { hasText: "华东" }).first().click();
    await page.getByTestId("cascade-node-facts").waitFor();
    await page.getByTestId("cascade-placement").waitFor();
    await expectNoSidewaysScroll(page);
    // No control sticks out of the pane (an overflow the page's own scroll would not show); a
    // wide table inside a frame that scrolls sideways (the sheet's preview) is the frame's.
    const outside = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const scrolls = (el: Element): boolean => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
      const framed = (el: Element): Element => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (scrolls(up)) return up;
        return el;
      };
      const controls = document.querySelectorAll('[data-flow-page="cascade"] :is(button, input, select, textarea, table, [role="tree"])');
      return Array.from(controls)
        .map((el) => ({ el, box: framed(el).getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.right > width + 0.5 || box.left < -0.5))
        .map(({ el, box }) => `${el.tagName.toLowerCase()} ${el.getAttribute("data-testid") ?? el.textContent?.slice(0, 30) ?? ""}: ${Math.round(box.left)}–${Math.round(box.right)}`);
    });
    expect(outside).toEqual([]);
    await page.screenshot({ path: path.join(OUT, `flow-cascade-${language}-320.png`), fullPage: true });
    expectCleanRun();
  });
});
