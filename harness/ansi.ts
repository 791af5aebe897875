/** Text without terminal escapes: CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '').replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}
