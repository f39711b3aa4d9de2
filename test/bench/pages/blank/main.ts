// The startup and memory floor: a Vite page whose module runs and does nothing else.
document.body.dataset['ready'] = 'true';
