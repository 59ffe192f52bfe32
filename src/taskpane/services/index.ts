/*
 * The pane's service layer: how a flow reads and writes a workbook without knowing where it
 * runs. Start here when adding a flow.
 *
 * WHERE THE WORKBOOK COMES FROM
 *   <WorkbookProvider host=…> (context.tsx, mounted once by App) provides a WorkbookPort
 *   (src/excel/port.ts):
 *   - inside Excel: src/excel/office-workbook.ts, loaded lazily (office-port.ts);
 *   - outside Excel: the workbench (../workbench/workbench.ts), an in-memory workbook fed by
 *     a pasted table or an opened .xlsx, whose `download()` gives the workbook back with
 *     what was written; `useWorkbook().workbench` is set only then;
 *   - in component tests: any port passed as `port` (tests/pane/fake-port.ts).
 *   `useWorkbook().version` grows whenever the workbook changed; the reading hooks re-read.
 *
 * HOOKS (hooks.ts) — a flow never calls Excel.* (lint forbids it):
 *   useSelection()        the selection (outside Excel: the column picked in <WorkbenchTable>)
 *   useWrite()            write(spec) with progress, cancel(), result and error
 *   useDownload()         download(spec, fileName): .xlsx of the spec (Excel) or of the workbench;
 *                         the file is handed to the browser, never known to be saved: say so
 *                         (t.pane.downloaded outside Excel, t.pane.handedOver inside)
 *   useNewWorkbook()      open(spec): inside Excel, the spec opened as a new workbook
 *                         (Excel.createWorkbook) — what works on Excel for Mac, where a
 *                         download silently does nothing
 *   useChecks()           every Check_* name and its value
 *   useStoredPlan()       the plan stored in the TargetPlanner sheet (raw; validate with validatePlan)
 *   useRange(sheet, a1)   any range
 *   useRemembered(key, initial)  a choice remembered per workbook (port settings)
 *   useWorkbook().abilities      what the pane can do here: write, openWorkbook, download
 *                         ("browser" | "handedOver" | "none" on Excel for Mac), functions
 *
 * MESSAGES AND NUMBERS
 *   describeError(error, t, language) (messages.ts) turns a refusal, a cancel, cell-edit mode,
 *   a PlanError / XlsxError / WriterError into a message bar's words in the pane's language.
 *   formatAmount / formatNumber / formatPercent / formatCell (format.ts) show numbers with
 *   thousands separators, in the plan's unit.
 *
 * COMPONENTS TO REUSE (../components)
 *   <Preview sheet=… />    the first rows of a SheetSpec with its formats and colours
 *   <ActionBar … />        Apply, Download .xlsx, progress with Cancel, message bars
 *   <Messages items=… />   message bars
 *   <WorkbenchTable … />   outside Excel: paste a table / open an .xlsx, pick a column
 *
 * ADDING A FLOW
 *   Write ../flows/MyFlow.tsx exporting a component taking FlowProps ({ t, language,
 *   onOpenFlow }), add one entry to FLOW_VIEWS in ../flows/index.ts, and its words to
 *   ../i18n-pane.ts (both languages). FlowPage shows it (lazily loaded); the home screen
 *   stops marking it "coming soon". QuarterlySplit.tsx is the model: build the spec with
 *   src/sheets from the inputs, port.findOccupied to choose the place, <Preview>, then
 *   useWrite().write(spec) on Apply.
 */
export { WorkbookProvider, useWorkbook, type WorkbookService } from "./context";
export { useChecks, useDownload, useNewWorkbook, useRange, useRemembered, useSelection, useStoredPlan, useWrite, type Downloader, type NewWorkbookOpener, type Progress, type Reading, type Writer } from "./hooks";
export { abilitiesOf, paneAddress, type DownloadKind, type PaneAbilities } from "./abilities";
export { describeError, describeOccupied, occupiedOf, type PaneMessage } from "./messages";
export { formatAmount, formatCell, formatNumber, formatPercent } from "./format";
export { saveDownload } from "./download";
export { loadXlsxWriter, type XlsxWriter } from "./xlsx";
