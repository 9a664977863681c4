/** The IPC channel the preload and the main process share for `invoke`. */
export const IPC_CHANNEL = 'workbench:invoke';
