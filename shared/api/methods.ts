/** The IPC channel the preload and the main process share for `invoke`. */
export const IPC_CHANNEL = 'workbench:invoke';
/** Main → preload only: paths the app was asked to open (a second launch, a file handed to the app). */
export const OPEN_FILES_CHANNEL = 'workbench:open-files';
/** Preload → main: the desktop save dialog for an export (default path and extension in, chosen path or null out). */
export const SAVE_DIALOG_CHANNEL = 'workbench:choose-save-path';
/** Preload → main: show a written file in the system's file manager. */
export const SHOW_IN_FOLDER_CHANNEL = 'workbench:show-in-folder';
