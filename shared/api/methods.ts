/** The IPC channel the preload and the main process share for `invoke`. */
export const IPC_CHANNEL = 'workbench:invoke';
/** Main → preload only: paths the app was asked to open (a second launch, a file handed to the app). */
export const OPEN_FILES_CHANNEL = 'workbench:open-files';
