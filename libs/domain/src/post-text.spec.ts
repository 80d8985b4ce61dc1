import { postTextFromHtml } from './post-text.js';

describe(postTextFromHtml.name, () => {
  it.each([
    ['Title: A<br><br>User impact: B<br>Current status: C', 'Title: A\n\nUser impact: B\nCurrent status: C'],
    ['Title: A<BR/>User impact: B<br />Next', 'Title: A\nUser impact: B\nNext'],
    ['<div>Title: A<br>User impact: B</div>', 'Title: A\nUser impact: B'],
    ['<p>First</p><p>Second</p>', 'First\n\nSecond'],
    ['<p>First</p>\n\n\n<p>Second</p>', 'First\n\nSecond'],
    ['We&#39;re &amp; you&rsquo;re &lt;here&gt; &quot;now&quot;&nbsp;!', 'We\'re & you’re <here> "now" !'],
    [
      '<b>User impact:</b> <i>Users</i> <span style="x">may</span> see delays.',
      'User impact: Users may see delays.',
    ],
    ['  Lots   of\t spaces  <br>   and padding   ', 'Lots of spaces\nand padding'],
    ['<ul><li>One</li><li>Two</li></ul>', '* One\n* Two'],
    ['<h2>Heading</h2>Body', 'Heading\n\nBody'],
    [
      '<a href="https://aka.ms/x">details</a> <a href="https://aka.ms/y">https://aka.ms/y</a>',
      'details [https://aka.ms/x] https://aka.ms/y',
    ],
    ['Before<img src="x.png" alt="chart">After', 'BeforeAfter'],
    ['<script>alert(1)</script>Text', 'Text'],
    [
      'Title: plain\nUser impact: lines\r\n\r\n\r\nCurrent status: kept',
      'Title: plain\nUser impact: lines\n\nCurrent status: kept',
    ],
    ['x < y & z > w', 'x < y & z > w'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('turns %j into %j', (html, text) => {
    expect(postTextFromHtml(html)).toBe(text);
  });
});
