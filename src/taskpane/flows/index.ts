/*
 * The flows that are built, by id: FlowPage shows the view registered here, and the home
 * screen marks every flow not registered "coming soon". Adding a flow is one entry. Views
 * load lazily, so the pane's first load carries none of them.
 */
import * as React from "react";
import type { FlowId } from "../navigation";
import type { FlowProps } from "./types";

export type { FlowProps } from "./types";

/** A flow's view, loaded when first opened. */
export type FlowView = React.LazyExoticComponent<React.ComponentType<FlowProps>>;

export const FLOW_VIEWS: Partial<Record<FlowId, FlowView>> = {
  quarterlySplit: React.lazy(() => import(/* webpackChunkName: "flow-split" */ "./QuarterlySplit").then((m) => ({ default: m.QuarterlySplitFlow }))),
  myTargets: React.lazy(() => import(/* webpackChunkName: "flow-mine" */ "./MyTargets").then((m) => ({ default: m.MyTargetsFlow }))),
  decomposition: React.lazy(() => import(/* webpackChunkName: "flow-decomposition" */ "./DecompositionFlow").then((m) => ({ default: m.DecompositionFlow }))),
  cascade: React.lazy(() => import(/* webpackChunkName: "flow-cascade" */ "./CascadeFlow").then((m) => ({ default: m.CascadeFlow }))),
  tracking: React.lazy(() => import(/* webpackChunkName: "flow-tracking" */ "./TrackingFlow").then((m) => ({ default: m.TrackingFlow }))),
  actuals: React.lazy(() => import(/* webpackChunkName: "flow-actuals" */ "./ActualsFlow").then((m) => ({ default: m.ActualsFlow }))),
  scorecard: React.lazy(() => import(/* webpackChunkName: "flow-scorecard" */ "./ScorecardFlow").then((m) => ({ default: m.ScorecardFlow }))),
  explainCell: React.lazy(() => import(/* webpackChunkName: "flow-explain" */ "./ExplainCell").then((m) => ({ default: m.ExplainCellFlow }))),
  dashboard: React.lazy(() => import(/* webpackChunkName: "flow-dashboard" */ "./DashboardFlow").then((m) => ({ default: m.DashboardFlow }))),
  checkWorkbook: React.lazy(() => import(/* webpackChunkName: "flow-check" */ "./CheckWorkbook").then((m) => ({ default: m.CheckWorkbookFlow }))),
};

/** Whether a flow is built (has a view). */
export function isFlowBuilt(flow: FlowId): boolean {
  return FLOW_VIEWS[flow] !== undefined;
}
