// In-page helpers for the browser suite, installed with page.add_init_script().
// Everything lives on window.__hm; the Python side (labdriver.py) calls these
// functions through page.evaluate(). Times are performance.now() milliseconds,
// the same clock as KeyboardEvent.timeStamp.
(() => {
  if (window.__hm) {
    return;
  }
  const hm = (window.__hm = {});

  // Key presses and pointer presses (a tap on a slider's track), stamped by
  // the browser when the event was created: the start of a timed move.
  hm.keys = [];
  document.addEventListener('keydown', ev => hm.keys.push(ev.timeStamp), true);
  document.addEventListener('pointerdown', ev => hm.keys.push(ev.timeStamp), true);

  // Commands the front end ran (to name one that took a key meant for a slider).
  hm.commands = [];
  hm.watchCommands = () => {
    if (!hm.watchingCommands) {
      hm.watchingCommands = true;
      hm.app().commands.commandExecuted.connect((_, args) => hm.commands.push(args.id));
    }
  };

  hm.app = () => window.jupyterapp;
  hm.panel = () => (window.jupyterapp ? window.jupyterapp.shell.currentWidget : null);
  hm.kernel = () => {
    const p = hm.panel();
    const s = p && p.sessionContext && p.sessionContext.session;
    return s ? s.kernel : null;
  };

  // Ready to accept "run all": the session is ready and its kernel connected
  // and idle. (The toolbar's indicator turns idle earlier than that.)
  hm.notebookState = path => {
    const app = hm.app();
    if (!app || !app.shell) {
      return { stage: 'app not started' };
    }
    const dialog = document.querySelector('.jp-Dialog');
    const p = hm.panel();
    if (dialog) {
      return { stage: 'dialog', dialog: dialog.innerText.slice(0, 300) };
    }
    if (!p || !p.context || p.context.path !== path) {
      return { stage: 'notebook not open', current: p && p.context ? p.context.path : null };
    }
    if (!p.context.isReady || !p.content || !p.content.widgets.length) {
      return { stage: 'notebook loading' };
    }
    const sc = p.sessionContext;
    const k = sc.session ? sc.session.kernel : null;
    if (!sc.isReady || !k) {
      return { stage: 'kernel starting' };
    }
    if (k.connectionStatus !== 'connected') {
      return { stage: 'kernel ' + k.connectionStatus };
    }
    if (k.status !== 'idle') {
      return { stage: 'kernel ' + k.status };
    }
    return { stage: 'ready', kernel: k.name };
  };

  // Record every kernel message while a slider is being measured.
  hm.log = [];
  hm.hooked = null;
  hm.hookKernel = () => {
    const k = hm.kernel();
    if (!k || hm.hooked === k) {
      return;
    }
    hm.hooked = k;
    k.anyMessage.connect((_, args) => {
      if (!hm.recording) {
        return;
      }
      const m = args.msg;
      hm.log.push({
        t: performance.now(),
        dir: args.direction,
        type: m.header.msg_type,
        id: m.header.msg_id,
        parent: m.parent_header ? m.parent_header.msg_id : null,
        date: m.header.date,
        state: m.content ? m.content.execution_state : undefined,
        buffers: m.buffers ? m.buffers.length : 0
      });
    });
  };

  // The Launcher tab an empty workspace opens (not wanted in screenshots).
  hm.closeLaunchers = () => {
    for (const w of Array.from(hm.app().shell.widgets('main'))) {
      if (w.id.startsWith('launcher') || w.node.querySelector('.jp-LauncherBody, .jp-Launcher-body')) {
        w.close();
      }
    }
  };

  // Scroll to the lesson's first widget with a slider (else its first widget)
  // and mark it [data-hm-shot] for an element screenshot.
  hm.showCentrepiece = () => {
    const nb = hm.panel().content;
    const all = Array.from(nb.node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets'));
    const w = all.find(el => el.querySelector('.widget-slider')) || all[0];
    document.querySelectorAll('[data-hm-shot]').forEach(el => el.removeAttribute('data-hm-shot'));
    if (w) {
      w.setAttribute('data-hm-shot', '');
    }
    const cell = w ? w.closest('.jp-Cell') : nb.node.querySelector('.jp-Cell');
    if (cell) {
      cell.scrollIntoView({ block: 'start' });
    }
  };

  // Seconds each code cell took (JupyterLab's recordTiming metadata).
  hm.cellTimes = () =>
    codeCells()
      .map(({ cell, index }) => {
        const ex = cell.model.getMetadata ? cell.model.getMetadata('execution') : null;
        const t0 = ex && (ex['iopub.execute_input'] || ex['shell.execute_reply.started']);
        const t1 = ex && ex['shell.execute_reply'];
        return { cell: index, source: sourceHead(cell), s: t0 && t1 ? (Date.parse(t1) - Date.parse(t0)) / 1000 : null };
      })
      .filter(c => c.s !== null);

  // Start a notebook's kernel ahead of opening it (see LabPage.prestart).
  hm.prestarted = null;
  hm.prestart = path => {
    const state = (hm.prestarted = { path, done: false });
    hm.app()
      .serviceManager.sessions.startNew({ path, name: path.split('/').pop(), type: 'notebook', kernel: { name: 'python3' } })
      .then(async session => {
        try {
          await session.kernel.info;
        } finally {
          session.dispose(); // our connection only: the kernel keeps running
        }
        state.done = true;
      })
      .catch(err => {
        state.done = true;
        state.error = String(err);
      });
  };

  // Fire-and-forget "run all" (returning its promise from evaluate() hangs).
  hm.runAll = () => {
    hm.run = { done: false };
    hm.app()
      .commands.execute('notebook:run-all-cells')
      .then(
        ok => (hm.run = { done: true, ok: ok }),
        err => (hm.run = { done: true, ok: false, error: String(err) })
      );
  };

  // Code cells with their 1-based position in the notebook (as in
  // JupyterLab's status bar, "Cell 3/20").
  const codeCells = () =>
    hm
      .panel()
      .content.widgets.map((cell, i) => ({ cell, index: i + 1 }))
      .filter(c => c.cell.model.type === 'code');

  // The first two lines of code (comments skipped), to name a cell.
  const sourceHead = cell => {
    const lines = cell.model.sharedModel
      .getSource()
      .split('\n')
      .map(line => line.trim())
      .filter(line => line && !line.startsWith('#'));
    const head = lines.slice(0, 2).join(' ⏎ ');
    return head.length > 90 ? head.slice(0, 89) + '…' : head;
  };

  // Where "run all" is: the code cells' prompts and the first one not done.
  hm.progress = () => {
    const cells = codeCells();
    let done = 0;
    let running = null;
    let pending = null;
    for (const { cell, index } of cells) {
      const prompt = (cell.node.querySelector('.jp-InputArea-prompt') || {}).textContent || '';
      if (prompt.includes('*')) {
        running = running || { index, source: sourceHead(cell) };
      } else if (cell.model.executionCount !== null) {
        done += 1;
      } else {
        pending = pending || { index, source: sourceHead(cell) };
      }
    }
    const k = hm.kernel();
    return {
      total: cells.length,
      done,
      running,
      pending,
      run: hm.run,
      kernel: k ? k.status : 'none'
    };
  };

  const textOf = out => {
    const t = out.text;
    return Array.isArray(t) ? t.join('') : t || '';
  };

  // Every sign of trouble in the notebook: error and stderr outputs in the
  // cells' models, stderr rendered anywhere (incl. inside Output widgets),
  // widgets that failed or never finished rendering.
  hm.problems = () => {
    const found = [];
    for (const { cell, index } of codeCells()) {
      const outputs = cell.model.outputs;
      const source = sourceHead(cell);
      let widgetViews = 0;
      for (let i = 0; i < outputs.length; i++) {
        const out = outputs.get(i).toJSON();
        if (out.output_type === 'error') {
          found.push({ cell: index, source, kind: 'error', text: `${out.ename}: ${out.evalue}` });
        } else if (out.output_type === 'stream' && out.name === 'stderr') {
          found.push({ cell: index, source, kind: 'stderr', text: textOf(out).slice(0, 500) });
        } else if (out.data && out.data['application/vnd.jupyter.widget-view+json']) {
          widgetViews += 1;
        }
      }
      const node = cell.node;
      // Rendered stderr not in the cell's own outputs: an Output widget's
      // (where an Explorer shows errors raised in its callback).
      const reported = found.some(f => f.cell === index);
      node
        .querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        .forEach(el => {
          if (!reported && el.closest('.jupyter-widgets')) {
            found.push({ cell: index, source, kind: 'stderr in a widget', text: el.innerText.slice(0, 500) });
          }
        });
      const text = node.querySelector('.jp-Cell-outputArea')
        ? node.querySelector('.jp-Cell-outputArea').innerText
        : '';
      if (text.includes('Error displaying widget')) {
        const line = text.split('\n').find(l => l.includes('Error displaying widget'));
        found.push({ cell: index, source, kind: 'widget error', text: line });
      }
      if (text.includes('Loading widget...')) {
        found.push({ cell: index, source, kind: 'widget not rendered', text: 'Loading widget...' });
      }
      const rendered = node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
      if (widgetViews > rendered) {
        found.push({
          cell: index,
          source,
          kind: 'widget not rendered',
          text: `${widgetViews} widget view(s) in the outputs, ${rendered} rendered`
        });
      }
    }
    return found;
  };

  // Sliders, grouped by the plot they drive: the nearest enclosing element
  // (inside one output) that also holds an <img> or a <canvas>. Also lists
  // the cells that show a widget without any slider.
  hm.sliders = () => {
    const sliders = [];
    const bare = [];
    hm.plotRoots = [];
    hm.sliderEls = [];
    hm.sliderGroup = [];
    for (const { cell, index } of codeCells()) {
      const found = cell.node.querySelectorAll('.widget-slider');
      if (!found.length && cell.node.querySelector('.jp-OutputArea-output > .jupyter-widgets')) {
        bare.push({ cell: index, source: sourceHead(cell) });
      }
      found.forEach(sl => {
        let root = sl.parentElement;
        let plot = null;
        while (root && !root.classList.contains('jp-OutputArea-output')) {
          plot = root.querySelector('img, canvas');
          if (plot) {
            break;
          }
          root = root.parentElement;
        }
        let group = -1;
        if (plot) {
          group = hm.plotRoots.indexOf(root);
          if (group < 0) {
            hm.plotRoots.push(root);
            group = hm.plotRoots.length - 1;
          }
        }
        const handle = sl.querySelector('.noUi-handle');
        const label = sl.querySelector('.widget-label');
        hm.sliderEls.push(sl);
        hm.sliderGroup.push(group);
        sliders.push({
          index: hm.sliderEls.length - 1,
          cell: index,
          source: sourceHead(cell),
          label: label ? label.innerText.trim() : '',
          group,
          plot: plot ? plot.tagName.toLowerCase() : null,
          handle: !!handle,
          disabled: sl.querySelector('[disabled]') !== null
        });
      });
    }
    return { sliders, bare };
  };

  // Live equations (HTMLMath) whose LaTeX MathJax has not typeset yet.
  hm.mathPending = () =>
    Array.from(document.querySelectorAll('.widget-htmlmath-content, .widget-htmlmath')).filter(
      el => el.textContent.includes('$') && !el.querySelector('mjx-container, .MathJax')
    ).length;

  const imagesOf = group => Array.from(hm.plotRoots[group].querySelectorAll('img'));

  // Decoded RGBA pixels of an <img> (blob or data URL). ipywidgets revokes a
  // blob URL when the next image arrives, so re-read the element on failure.
  const pixels = async (group, index) => {
    let lastError = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      const el = imagesOf(group)[index];
      if (!el) {
        return null;
      }
      try {
        const blob = await (await fetch(el.src)).blob();
        const bitmap = await createImageBitmap(blob);
        const c = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = c.getContext('2d');
        ctx.drawImage(bitmap, 0, 0);
        return { w: bitmap.width, h: bitmap.height, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data };
      } catch (err) {
        lastError = err;
        await new Promise(r => setTimeout(r, 20));
      }
    }
    throw new Error(`could not read the plot image: ${lastError}`);
  };

  const diff = (a, b) => {
    if (!a || !b || a.w !== b.w || a.h !== b.h) {
      return 1;
    }
    let changed = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      if (
        a.data[i] !== b.data[i] ||
        a.data[i + 1] !== b.data[i + 1] ||
        a.data[i + 2] !== b.data[i + 2] ||
        a.data[i + 3] !== b.data[i + 3]
      ) {
        changed += 1;
      }
    }
    return changed / (a.w * a.h);
  };

  const nextFrame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));

  // Before a key press: focus slider `i`, remember the pixels of the plot(s)
  // of its widget, and watch them for a new image. Returns the handle's value
  // and range.
  hm.arm = async i => {
    const sl = hm.sliderEls[i];
    const handle = sl.querySelector('.noUi-handle');
    handle.scrollIntoView({ block: 'center' });
    handle.focus();
    const group = hm.sliderGroup[i];
    const root = hm.plotRoots[group];
    const before = imagesOf(group).map(img => img.src);
    const px = [];
    for (let k = 0; k < before.length; k++) {
      px.push(await pixels(group, k));
    }
    const move = (hm.move = {
      i, group, before, px, img: null, tSrc: null, tDecoded: null, tPaint: null, keysBefore: hm.keys.length
    });
    const check = () => {
      if (move.tSrc !== null) {
        return;
      }
      const now = imagesOf(group);
      const k = now.findIndex((img, n) => img.src !== before[n]);
      if (k < 0) {
        return;
      }
      move.tSrc = performance.now();
      move.img = k;
      observer.disconnect();
      // Painted: decoded, and the next frame.
      now[k]
        .decode()
        .catch(() => null)
        .then(() => (move.tDecoded = performance.now()))
        .then(nextFrame)
        .then(() => (move.tPaint = performance.now()));
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
    move.observer = observer;
    hm.log = [];
    hm.recording = true;
    return {
      now: parseFloat(handle.getAttribute('aria-valuenow')),
      min: parseFloat(handle.getAttribute('aria-valuemin')),
      max: parseFloat(handle.getAttribute('aria-valuemax')),
      focused: document.activeElement === handle
    };
  };

  // Where to tap slider `i`'s track (page coordinates) to move it: the
  // position of a value as many steps from the current one as it takes to
  // tap the track beside the handle rather than the handle, up if there is
  // room, else down. (noUiSlider's "tap" moves the handle there on
  // pointerdown, and ignores taps during the previous tap's 300 ms
  // animation: wait for it to end.)
  hm.tapPoint = async i => {
    const sl = hm.sliderEls[i];
    const target = sl.querySelector('.noUi-target');
    const api = target && target.noUiSlider;
    if (!api || target.classList.contains('noUi-vertical')) {
      return { error: api ? 'a vertical slider' : 'no noUiSlider on the slider' };
    }
    const t0 = performance.now();
    while (target.classList.contains('noUi-state-tap') && performance.now() - t0 < 2000) {
      await new Promise(r => setTimeout(r, 10));
    }
    const base = target.querySelector('.noUi-base').getBoundingClientRect();
    const handle = sl.querySelector('.noUi-handle').getBoundingClientRect();
    const { min, max } = api.options.range;
    const now = parseFloat(api.get(true));
    const [down, up] = api.steps()[0];
    const step = up || down;
    if (!step || max <= min) {
      return { error: `no step to take (value ${now}, range ${min} … ${max})` };
    }
    const pxPerUnit = base.width / (max - min);
    const k = Math.max(1, Math.ceil((handle.width / 2 + 3) / (step * pxPerUnit)));
    const centre = handle.left + handle.width / 2;
    for (const dir of [1, -1]) {
      const value = now + dir * k * step;
      // On the track: its last pixel column is base.right - 1.
      const x = Math.min(base.right - 1, Math.max(base.left + 1, base.left + (value - min) * pxPerUnit));
      if (value >= min - 1e-9 && value <= max + 1e-9 && Math.abs(x - centre) >= handle.width / 2 + 2) {
        return { x, y: base.top + base.height / 2, steps: k * dir, now };
      }
    }
    return { error: `the track is too short to tap beside the handle (${k} steps of ${step})` };
  };

  // After the key press: wait for the redraw (or for the kernel to have
  // finished with our message without one), then compare pixels.
  hm.finish = async timeoutMs => {
    const move = hm.move;
    const start = performance.now();
    const tKey = hm.keys.length > move.keysBefore ? hm.keys[move.keysBefore] : null;
    const ours = () => {
      const sent = hm.log.filter(m => m.dir === 'send' && m.type === 'comm_msg').map(m => m.id);
      return hm.log.filter(m => m.dir === 'recv' && sent.includes(m.parent));
    };
    const kernelDone = () => {
      const sent = hm.log.filter(m => m.dir === 'send' && m.type === 'comm_msg').map(m => m.id);
      if (!sent.length) {
        return false;
      }
      const idle = hm.log.filter(m => m.dir === 'recv' && m.type === 'status' && m.state === 'idle');
      return sent.every(id => idle.some(m => m.parent === id));
    };
    let doneAt = null;
    let timedOut = false;
    let noMessage = false;
    while (true) {
      if (move.tPaint !== null) {
        break;
      }
      const now = performance.now();
      if (!hm.log.some(m => m.dir === 'send') && now - start > 1500) {
        noMessage = true; // the key press did not change the slider's value
        break;
      }
      if (kernelDone() && move.tSrc === null) {
        doneAt = doneAt || now;
        if (now - doneAt > 300) {
          break; // the kernel answered without a new image
        }
      }
      if (now - start > timeoutMs) {
        timedOut = true;
        break;
      }
      await new Promise(r => setTimeout(r, 5));
    }
    move.observer.disconnect();
    // Let the rest of this move's messages arrive before the next move.
    const settle = performance.now();
    while (!noMessage && !kernelDone() && performance.now() - settle < timeoutMs) {
      await new Promise(r => setTimeout(r, 5));
    }
    hm.recording = false;
    const sends = hm.log.filter(m => m.dir === 'send' && m.type === 'comm_msg');
    const recv = ours();
    const busy = recv.find(m => m.type === 'status' && m.state === 'busy');
    const image = recv.find(m => m.type === 'comm_msg' && m.buffers > 0);
    const idle = recv.filter(m => m.type === 'status' && m.state === 'idle').pop();
    let changed = null;
    if (move.tPaint !== null) {
      changed = diff(move.px[move.img], await pixels(move.group, move.img));
    }
    const sl = hm.sliderEls[move.i];
    const handle = sl.querySelector('.noUi-handle');
    const ms = t => (t === null || t === undefined || tKey === null ? null : t - tKey);
    return {
      timedOut,
      noMessage,
      kernelDone: kernelDone(),
      redrawn: move.tPaint !== null,
      changed,
      value: parseFloat(handle.getAttribute('aria-valuenow')),
      sends: sends.length,
      keyToSend: sends.length ? ms(sends[0].t) : null,
      keyToBusy: busy ? ms(busy.t) : null,
      keyToImageMsg: image ? ms(image.t) : null,
      keyToSrc: ms(move.tSrc),
      keyToDecoded: ms(move.tDecoded),
      keyToPaint: ms(move.tPaint),
      keyToIdle: idle ? ms(idle.t) : null,
      kernelMs: busy && image ? Date.parse(image.date) - Date.parse(busy.date) : null,
      // Transit, from the kernel's own clock (header.date) and the page's
      // (same machine): browser -> server -> kernel, and the image back.
      upMs: sends.length && busy ? Date.parse(busy.date) - (performance.timeOrigin + sends[0].t) : null,
      downMs: image ? performance.timeOrigin + image.t - Date.parse(image.date) : null,
      tKey
    };
  };
})();
