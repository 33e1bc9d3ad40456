import { describe, expect, it } from 'vitest';
import { isBlockedInput, type KeyInput } from '../../../electron/main/url-guard.ts';

const key = (k: string, mods: Partial<Omit<KeyInput, 'key'>> = {}): KeyInput => ({
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});
const ctrl = (k: string, shift = false) => key(k, { control: true, shift });

describe('isBlockedInput (browser accelerators, electron-kiosk.md §1.4 "Input")', () => {
  it.each([
    ['reload F5', key('F5')],
    ['reload Ctrl+R', ctrl('r')],
    ['hard reload Ctrl+Shift+R', ctrl('R', true)],
    ['devtools F12', key('F12')],
    ['devtools Ctrl+Shift+I', ctrl('I', true)],
    ['console Ctrl+Shift+J', ctrl('J', true)],
    ['inspect Ctrl+Shift+C', ctrl('C', true)],
    ['zoom in Ctrl+=', ctrl('=')],
    ['zoom in Ctrl++', ctrl('+', true)],
    ['zoom out Ctrl+-', ctrl('-')],
    ['zoom reset Ctrl+0', ctrl('0')],
    ['print Ctrl+P', ctrl('p')],
    ['find Ctrl+F', ctrl('f')],
    ['close Ctrl+W', ctrl('w')],
    ['quit Ctrl+Q', ctrl('q')],
    ['new window Ctrl+N', ctrl('n')],
    ['open Ctrl+O', ctrl('o')],
    ['save Ctrl+S', ctrl('s')],
    ['view source Ctrl+U', ctrl('u')],
    ['copy Ctrl+C (a clipboard outliving the session leaks data)', ctrl('c')],
    ['paste Ctrl+V', ctrl('v')],
    ['Alt+F4', key('F4', { alt: true })],
    ['back Alt+Left', key('ArrowLeft', { alt: true })],
    ['menu Alt alone', key('Alt', { alt: true })],
    ['full screen F11', key('F11')],
    ['help F1', key('F1')],
    ['F24', key('F24')],
    ['Super/Cmd combinations', key('q', { meta: true })],
    ['BrowserBack media key', key('BrowserBack')],
    ['BrowserRefresh media key', key('BrowserRefresh')],
    ['ZoomIn key', key('ZoomIn')],
    ['LaunchApplication1 key', key('LaunchApplication1')],
    ['ContextMenu key', key('ContextMenu')],
    ['Print key', key('Print')],
    ['Ctrl+Alt+Delete (the OS handles it; the page never should)', key('Delete', { control: true, alt: true })],
  ])('blocks %s', (_label, input) => expect(isBlockedInput(input)).toBe(true));

  it.each([
    ['a letter', key('a')],
    ['a capital with Shift', key('A', { shift: true })],
    ['ñ', key('ñ')],
    ['a digit', key('7')],
    ['Enter', key('Enter')],
    ['Tab and Shift+Tab', key('Tab', { shift: true })],
    ['Backspace', key('Backspace')],
    ['Escape (closes dialogs)', key('Escape')],
    ['arrows', key('ArrowDown')],
    ['space', key(' ')],
    ['AltGr+2 → @ on a Spanish keyboard (reported as Ctrl+Alt on Windows)', key('@', { control: true, alt: true })],
  ])('lets %s through', (_label, input) => expect(isBlockedInput(input)).toBe(false));
});
