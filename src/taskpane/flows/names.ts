/** Keys of the choices the flows remember per workbook (the port's settings). */

/** The rep's name in My targets; when set, the pane opens on My targets for that workbook. */
export const MY_NAME_SETTING = "myTargets.name";
