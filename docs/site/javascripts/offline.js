/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A page opened from disk (file://) cannot load the search index: the
 * browser refuses it to a file page, and the theme's search box goes. Say
 * so at the top of the page, with how to search.
 */
(function () {
    'use strict';

    function notice() {
        var inner = document.querySelector('.md-content__inner');
        var note;

        if (inner === null || document.querySelector('.mempool-offline')) {
            return;
        }
        note = document.createElement('p');
        note.className = 'mempool-offline';
        note.innerHTML = 'Search works when the site is served: run ' +
            '<code>make serve</code> and open ' +
            '<code>http://127.0.0.1:8000/</code>. From disk, use the ' +
            'browser\u2019s Find (Ctrl+F) on a page, or ' +
            '<code>man os_mempool_init</code>.';
        inner.insertBefore(note, inner.firstChild);
    }

    if (window.location.protocol !== 'file:') {
        return;
    }
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', notice);
    } else {
        notice();
    }
}());
